// Publishing a sendmail host over SSH (a private OpenSSH server on loopback, tests/sync/ssh-server.ts, to
// this same machine; the sendmail lab answers). Faults: the connection cut in the middle of an upload and
// while a map builds (through a relay that drops every connection: tests/sync/ssh-proxy.ts), a map
// directory the SSH user cannot write, and a changed host key. Each leaves the host answering from one
// complete revision, and the next publish of the same files converges.
import { execFile } from 'node:child_process';
import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { liveHashes, publish, PublishError, type PublishPhase } from '@/lib/sync/publish';
import { MANIFEST, sha256 } from '@/lib/sync/publish-layout';
import type { Transport } from '@/lib/transport/transport';
import { connectSsh } from '@/lib/transport/ssh';
import {
  AFTER,
  BEFORE,
  expectOneCompleteRevision,
  expectSendmailMapsMatchText,
  freshMapDir,
  probes,
  removeTree,
  resolverAnswers,
  sendmailAnswers,
  sendmailFiles,
  sendmailHost,
  type SendmailHost,
  watchedTransport,
} from './publish-fixtures';
import { CuttableProxy } from './ssh-proxy';
import { SshServer } from './ssh-server';

const run = promisify(execFile);
const BUILT = ['virtusertable', 'accounts', 'aliases'];
/** AFTER with 40,000 more virtmaps (a ~1 MB virtusertable): an upload long enough to be cut in the middle. */
const BIG: MailSnapshot = (() => {
  const extra = Array.from({ length: 40_000 }, (_, i) => ({
    domain: 'example.com',
    localPart: `bulk${i}`,
    target: { kind: 'local' as const, name: i % 2 ? 'joe' : 'team' },
  }));
  return { ...AFTER, virtmaps: [...AFTER.virtmaps, ...extra] };
})();
const PROBES = [...probes(BEFORE, AFTER), 'bulk7@example.com', 'bulk39998@example.com'];

let server: SshServer | undefined;
let proxy: CuttableProxy | undefined;
let host: SendmailHost | undefined;
let revision = 1;

beforeAll(async () => {
  server = await SshServer.start();
  proxy = await CuttableProxy.start(server.port);
  host = await sendmailHost(await freshMapDir('ssh'), BEFORE);
}, 60_000);

afterAll(async () => {
  await host?.lab.close();
  if (host) await removeTree(host.mapDir);
  await proxy?.close();
  await server?.destroy();
});

function parts(): { server: SshServer; proxy: CuttableProxy; host: SendmailHost } {
  if (!server || !proxy || !host) throw new Error('setup failed (see the first failure)');
  return { server, proxy, host };
}

function connect(): Promise<Transport> {
  const { server: s, proxy: p } = parts();
  return connectSsh({ host: '127.0.0.1', port: p.port, user: 'root', privateKey: s.client.privateKey, pinnedHostKey: s.hostKey });
}

async function publishOver(snapshot: MailSnapshot, rev: number, onPhase?: (phase: PublishPhase) => void) {
  const t = await connect();
  try {
    return await publish(t, parts().host.settings, 'sendmail', sendmailFiles(snapshot), rev, { onPhase });
  } finally {
    await t.close().catch(() => undefined);
  }
}

/**
 * Publishes `snapshot` and returns the live revision it makes: each test starts from a state of its own
 * (the revision number only grows, so it is the one thing the tests share).
 */
async function liveWith(snapshot: MailSnapshot) {
  await publishOver(snapshot, ++revision);
  return expectOneCompleteRevision(parts().host.mapDir, BUILT);
}

async function expectAnswersOf(snapshot: MailSnapshot): Promise<void> {
  expect(await sendmailAnswers(parts().host.lab, PROBES)).toEqual(resolverAnswers(snapshot, PROBES));
}

async function expectFailureLeaves(
  live: Awaited<ReturnType<typeof expectOneCompleteRevision>>,
  error: unknown,
  phase: string | string[],
  words: RegExp,
  answers: MailSnapshot,
) {
  expect(error).toBeInstanceOf(PublishError);
  expect([phase].flat()).toContain((error as PublishError).phase);
  expect((error as PublishError).toolOutput).toMatch(words);
  expect(await expectOneCompleteRevision(parts().host.mapDir, BUILT)).toEqual(live);
  await expectSendmailMapsMatchText(parts().host.mapDir);
  await expectAnswersOf(answers);
}

// Each case publishes two or three times over SSH, every command a new session (150-250 ms, more on a busy
// machine): on one CI machine the patch case took 24 s, past the suite's 20 s.
describe('publishing over SSH', { timeout: 60_000 }, () => {
  it('publishes a revision that sendmail answers from', async () => {
    const result = await publishOver(AFTER, ++revision);
    expect(result.revision).toBe(revision);
    await expectOneCompleteRevision(parts().host.mapDir, BUILT);
    await expectAnswersOf(AFTER);
  });

  it('the drift check hashes the live files on the host: one line each over the wire, and a hand edit shows', async () => {
    await liveWith(AFTER);
    const expected = Object.fromEntries(Object.entries(sendmailFiles(AFTER)).map(([name, text]) => [name, sha256(text)]));
    const t = await connect();
    try {
      const watched = watchedTransport(t);
      expect(await liveHashes(watched.transport, parts().host.settings)).toEqual(expected);
      expect(watched.reads.map((p) => path.basename(p))).toEqual([MANIFEST]);
      await appendFile(path.join(parts().host.mapDir, 'current/aliases'), 'hand: joe\n');
      expect((await liveHashes(t, parts().host.settings)).aliases).not.toBe(expected.aliases);
    } finally {
      await t.close().catch(() => undefined);
    }
    await liveWith(AFTER);
  });

  it('the connection cut in the middle of an upload: nothing switched, the next publish converges', async () => {
    const live = await liveWith(AFTER);
    const cuts = parts().proxy.cuts;
    const error = await publishOver(BIG, revision + 1, (phase) => {
      if (phase === 'upload') parts().proxy.cutAfter(300_000);
    }).catch((e: unknown) => e);
    await expectFailureLeaves(live, error, 'upload', /ECONNRESET|connection|closed|No response/i, AFTER);
    expect(parts().proxy.cuts).toBe(cuts + 1);
    const result = await publishOver(BIG, ++revision);
    expect(result.files.find((f) => f.name === 'virtusertable')?.changed).toBe(true);
    await expectAnswersOf(BIG);
    const entries = await readdir(parts().host.mapDir);
    expect(entries).toContain('current'); // the map directory itself, with no temporary (dot) entry left
    expect(entries.filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('the connection cut while a map builds: nothing switched, the next publish converges', async () => {
    const live = await liveWith(BIG);
    const error = await publishOver(BEFORE, revision + 1, (phase) => {
      if (phase === 'build') parts().proxy.cutWhenRunning();
    }).catch((e: unknown) => e);
    // Files are written and built side by side (lib/sync/publish.ts): the cut may meet a write as well,
    // and the failure reported is the first file's, whichever of the two it was in.
    await expectFailureLeaves(live, error, ['build', 'upload'], /ECONNRESET|connection|closed|No response/i, BIG);
    await publishOver(BEFORE, ++revision);
    await expectAnswersOf(BEFORE);
  });

  it('the connection cut while a map is patched: nothing switched, the next publish converges as a patch', async () => {
    const live = await liveWith(AFTER);
    const error = await publishOver(BEFORE, revision + 1, (phase) => {
      if (phase === 'build') parts().proxy.cutWhenRunning();
    }).catch((e: unknown) => e);
    await expectFailureLeaves(live, error, ['build', 'upload'], /ECONNRESET|connection|closed|No response/i, AFTER);
    const result = await publishOver(BEFORE, ++revision);
    expect(result.files.filter((f) => f.patched).map((f) => f.name)).toEqual(['accounts', 'aliases', 'virtusertable']);
    await expectAnswersOf(BEFORE);
  });

  it("a map directory the SSH user cannot write: the server's words, nothing switched, then converges", async () => {
    const { mapDir } = parts().host;
    const live = await liveWith(BEFORE);
    await run('chattr', ['+i', mapDir]);
    try {
      const error = await publishOver(AFTER, revision + 1).catch((e: unknown) => e);
      await expectFailureLeaves(live, error, 'upload', /Permission denied|Failure/, BEFORE);
    } finally {
      await run('chattr', ['-i', mapDir]);
    }
    await publishOver(AFTER, ++revision);
    await expectAnswersOf(AFTER);
  });

  it('a changed host key is refused before anything is sent; pinning the new key publishes again', async () => {
    const { server: s, host: h } = parts();
    const live = await liveWith(AFTER);
    const old = s.hostKey;
    const fresh = await s.changeHostKey();
    const error = await connectSsh({
      host: '127.0.0.1',
      port: parts().proxy.port,
      user: 'root',
      privateKey: s.client.privateKey,
      pinnedHostKey: old,
    }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/host key changed: expected SHA256:\S+, got SHA256:\S+/);
    expect(await expectOneCompleteRevision(h.mapDir, BUILT)).toEqual(live);
    expect(fresh).not.toBe(old);
    await publishOver(BEFORE, ++revision); // connect() pins s.hostKey, now the new key
    await expectAnswersOf(BEFORE);
  });
});
