// A host with its maps in shards (lib/mail/map-shards.ts, docs/publishing.md "Shards"), published with
// sendmail's real makemap and editmap: a change rewrites, patches and reloads for the one shard that holds
// its domain; every other shard is carried over as it was. (What the shards answer on the real MTAs:
// tests/mta/sharded-maps.test.ts; 300 random changes through them: publish-patch-random.test.ts.)
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSnapshot } from '@/lib/mail/snapshot-builder';
import { shardFile, shardOf } from '@/lib/mail/map-shards';
import { publish } from '@/lib/sync/publish';
import { localTransport } from '@/lib/transport/local';
import { defaultHostSettings, type HostSettings } from '@/lib/validation/host-settings';
import { requireSendmail } from '../mta/sendmail-lab';
import { freshMapDir, removeTree, sendmailFiles } from './publish-fixtures';

const run = promisify(execFile);
const transport = localTransport();
const SHARDS = 4;
const DOMAINS = Array.from({ length: 12 }, (_, i) => `d${i}.example`);

const host = (target: string) =>
  buildSnapshot({
    domains: DOMAINS,
    accounts: ['joe', 'mary'],
    virtmaps: Object.fromEntries(DOMAINS.map((d) => [`info@${d}`, d === 'd5.example' ? target : 'joe'])),
  });

let mapDir = '';
let scratch = '';
let settings: HostSettings;
let marker = '';

beforeAll(async () => {
  requireSendmail();
  mapDir = await freshMapDir('shards');
  scratch = await mkdtemp(path.join(path.dirname(mapDir), 'shards-lookup-'));
  marker = `${mapDir}.reloaded`;
  settings = {
    ...defaultHostSettings('SENDMAIL', mapDir),
    mapShards: SHARDS,
  };
  // A reload watching the virtusertable by its base name: it must run when only a shard changed.
  settings.commands.reload = [{ argv: ['/usr/bin/touch', marker], when: ['virtusertable'] }];
});

afterAll(async () => {
  if (mapDir) await removeTree(mapDir);
  if (scratch) await rm(scratch, { recursive: true, force: true });
  if (marker) await rm(marker, { force: true });
});

/** What the live map answers for `key` (editmap refuses a hard-linked map: asked through a copy). */
async function lookUp(file: string, key: string): Promise<string> {
  const copy = path.join(scratch, 'map');
  await copyFile(path.join(mapDir, 'current', `${file}.db`), `${copy}.db`);
  return (await run('/usr/sbin/editmap', ['-q', 'hash', copy, key])).stdout.trim();
}

it('a change rewrites and patches only the shard of its domain, and runs the reload that watches the map', async () => {
  await publish(transport, settings, 'sendmail', sendmailFiles(host('joe'), SHARDS), 1);
  await rm(marker, { force: true });
  const result = await publish(transport, settings, 'sendmail', sendmailFiles(host('mary'), SHARDS), 2);
  const shard = shardFile('virtusertable', shardOf('d5.example', SHARDS));
  const changed = result.files.filter((f) => f.changed);
  expect(changed.map((f) => [f.name, f.patched])).toEqual([[shard, true]]);
  expect(result.files.filter((f) => f.name.startsWith('virtusertable')).length).toBe(SHARDS + 1);
  expect(await lookUp(shard, 'info@d5.example')).toBe('mary');
  // The other shards are the revision before's files, linked, not written again.
  const other = shardFile('virtusertable', (shardOf('d5.example', SHARDS) + 1) % SHARDS);
  const [now, before] = await Promise.all([stat(path.join(mapDir, 'rev-2', other)), stat(path.join(mapDir, 'rev-1', other))]);
  expect(now.ino).toBe(before.ino);
  expect((await stat(marker)).isFile()).toBe(true);
});
