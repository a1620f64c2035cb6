// Maps in shards (lib/mail/map-shards.ts) on the real MTAs: a host whose per-domain maps are split
// answers every probe address exactly as the resolver says (and so as the one-file layout does, which
// tests/mta/postfix.test.ts and sendmail.test.ts compare on the same generators), with the configuration
// the panel writes for it: Postfix's lists of tables (postfix-config.ts) and sendmail's `sequence` map
// (sendmail-mc.ts). Random hosts with and without owners; three shards, so most hosts have domains in
// more than one. Nothing is skipped: without the MTAs every test fails, naming the install script.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '@/lib/mail/map-shards';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { randomSnapshot, randomTenantSnapshot } from '../support/random-snapshot';
import { differences } from './postfix-differences';
import { PostfixInstance } from './postfix-instance';
import { sendmailDifferences } from './sendmail-differences';
import { requireSendmail, SendmailLab } from './sendmail-lab';
import { SmtpSession } from './postfix-smtp';
import { buildSnapshot } from '@/lib/mail/snapshot-builder';

const SHARDS = 3;
const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);

let postfix: PostfixInstance | undefined;
let sendmail: SendmailLab | undefined;
let unavailable: unknown;

beforeAll(async () => {
  try {
    requireSendmail();
    [postfix, sendmail] = await Promise.all([PostfixInstance.create({ shards: SHARDS }), SendmailLab.start({ shards: SHARDS })]);
  } catch (error) {
    unavailable = error;
  }
}, 60_000);
afterAll(async () => {
  await postfix?.destroy();
  await sendmail?.close();
});

function running<T>(mta: T | undefined): T {
  if (!mta) throw unavailable instanceof Error ? unavailable : new Error(`the MTAs did not start: ${String(unavailable)}`);
  return mta;
}

/** How many shards the host's domains fall into: the test means something only where it is above one. */
const shardsUsed = (snapshot: MailSnapshot) => new Set(snapshot.domains.map((d) => shardOf(d, SHARDS))).size;

describe(`Postfix with the per-domain maps in ${SHARDS} shards answers as the resolver`, () => {
  it.each(SEEDS)('random host %i, and one with owners', async (seed) => {
    for (const [snapshot, owners] of [
      [randomSnapshot(seed, 'postfix'), false],
      [randomTenantSnapshot(seed, 'postfix'), true],
    ] as const) {
      const { probes, found } = await differences(running(postfix), snapshot, owners);
      expect(found, `seed ${seed}${owners ? ' (owners)' : ''}: ${found.length} of ${probes} probes differ`).toEqual([]);
    }
  });
});

describe(`sendmail with the virtusertable in ${SHARDS} shards answers as the resolver`, () => {
  it.each(SEEDS)('random host %i, and one with owners', async (seed) => {
    for (const snapshot of [randomSnapshot(seed, 'sendmail'), randomTenantSnapshot(seed, 'sendmail')]) {
      const mismatches = await sendmailDifferences(running(sendmail), snapshot);
      expect(mismatches, `seed ${seed}: ${JSON.stringify(snapshot)}`).toEqual([]);
    }
  });
});

describe('a shard the configuration names but the host lacks (the count changed in the wrong order)', () => {
  // One domain per shard: `sales@` at each goes to joe. Shard 1's map is then removed, as when the MTA is
  // told of more shards than the panel has published yet (docs/publishing.md, "Shards").
  const domains = [0, 1, 2].map((shard) => {
    for (let i = 0; ; i += 1) if (shardOf(`s${i}.example`, SHARDS) === shard) return `s${i}.example`;
  });
  const snapshot = buildSnapshot({
    flavor: 'postfix',
    domains,
    accounts: ['joe'],
    virtmaps: Object.fromEntries(domains.map((d) => [`sales@${d}`, 'joe'])),
  });

  /** RCPT for each domain's `sales@`, one message each: the RCPT reply, and the end of DATA's if accepted. */
  async function send(port: number) {
    const answers = [];
    for (const domain of domains) {
      const session = await SmtpSession.open(port);
      try {
        await session.command('EHLO probe.panel-test.example');
        await session.command('MAIL FROM:<>');
        const rcpt = await session.command(`RCPT TO:<sales@${domain}>`);
        const data = rcpt.code === 250 ? await session.data('Subject: shard\n\nhello\n') : undefined;
        answers.push({ domain, rcpt: `${rcpt.code} ${rcpt.text}`, data: data && `${data.code} ${data.text}` });
      } finally {
        await session.quit();
      }
    }
    return answers;
  }

  it("Postfix keeps every domain's mail waiting (451 4.3.0) until the shard is there, and refuses or misroutes nothing", async () => {
    const mta = running(postfix);
    await mta.apply(snapshot);
    expect((await send(mta.port)).map((a) => a.data?.slice(0, 3))).toEqual(['250', '250', '250']);
    // Every map of shard 1: the configuration names them, the host has none.
    await mta.withoutMaps(['virtual.01', 'recipients.01', 'access.01', 'transport.01']);
    const answers = await send(mta.port);
    // Every domain's RCPT, not only the missing shard's: Postfix asks every table of a list for a key it
    // does not find, so one it cannot open fails them all. Temporary: the sender keeps the mail and tries
    // again, and it is delivered once the publish writes the shards.
    for (const a of answers) expect(a.rcpt, JSON.stringify(answers)).toMatch(/^451 4\.3\.0 .*Temporary lookup failure/);
    await mta.apply(snapshot);
    expect((await send(mta.port)).map((a) => a.data?.slice(0, 3))).toEqual(['250', '250', '250']);
  });

  it("sendmail queues the missing shard's mail for later (EX_TEMPFAIL) instead of refusing it, and routes the rest", async () => {
    const mta = running(sendmail);
    const host = { ...snapshot, host: { ...snapshot.host, flavor: 'sendmail' as const } };
    await mta.publish(host);
    const addresses = domains.map((d) => `sales@${d}`);
    expect((await mta.rcpt(addresses)).map((r) => r.code)).toEqual([250, 250, 250]);
    await mta.inside(['rm', path.join(mta.mapDir, 'virtusertable.01.db')]);
    const replies = await mta.rcpt(addresses);
    const verified = await mta.verify(addresses);
    const shown = JSON.stringify({ replies, verified });
    // The missing shard's domain: accepted to be queued, its lookup a temporary failure (exit 71), so the
    // queue tries again later, when the publish has written the shard. Never refused.
    expect(replies[1]?.code, shown).toBe(250);
    expect(replies[1]?.text, shown).toContain('will queue');
    expect(verified[1]?.exitCode, shown).toBe(71);
    // The others are routed by their own shards (the sequence skips the map it cannot open).
    for (const i of [0, 2]) {
      expect(replies[i]?.code, shown).toBe(250);
      expect(verified[i]?.lines.at(-1), shown).toMatch(/deliverable: mailer mailpanel, user joe$/);
    }
    await mta.publish(host);
    expect((await mta.verify(addresses)).map((v) => v.exitCode)).toEqual([0, 0, 0]);
  });
});

it('the random hosts spread their domains over the shards', () => {
  const spread = SEEDS.map((seed) => shardsUsed(randomSnapshot(seed, 'postfix')));
  expect(spread.filter((n) => n > 1).length, `shards used per host: ${spread.join(' ')}`).toBeGreaterThan(SEEDS.length / 2);
});
