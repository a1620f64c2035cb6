// Maps in shards (lib/mail/map-shards.ts) on the real MTAs: a host whose per-domain maps are split
// answers every probe address exactly as the resolver says (and so as the one-file layout does, which
// tests/mta/postfix.test.ts and sendmail.test.ts compare on the same generators), with the configuration
// the panel writes for it: Postfix's lists of tables (postfix-config.ts) and sendmail's `sequence` map
// (sendmail-mc.ts). Random hosts with and without owners; three shards, so most hosts have domains in
// more than one. Nothing is skipped: without the MTAs every test fails, naming the install script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '@/lib/mail/map-shards';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { randomSnapshot, randomTenantSnapshot } from '../support/random-snapshot';
import { differences } from './postfix-differences';
import { PostfixInstance } from './postfix-instance';
import { sendmailDifferences } from './sendmail-differences';
import { requireSendmail, SendmailLab } from './sendmail-lab';

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

it('the random hosts spread their domains over the shards', () => {
  const spread = SEEDS.map((seed) => shardsUsed(randomSnapshot(seed, 'postfix')));
  expect(spread.filter((n) => n > 1).length, `shards used per host: ${spread.join(' ')}`).toBeGreaterThan(SEEDS.length / 2);
});
