import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/tests/support/random-snapshot';
import { deltaOf, ownedKey, snapshotOf, type Rows, type Touched } from '@/tests/support/host-rows';
import {
  account,
  aliasTargets,
  DOMAINS,
  DOVECOT_OPTS as OPTS,
  LOCALS,
  NAMES,
  OWNERS,
  picker,
  randomRows,
  virtmapTarget,
} from '@/tests/support/random-rows';
import type { MailSnapshot, SnapshotVirtmap } from '../mail/snapshot';
import { patchSnapshot } from '../mail/snapshot-patch';
import { renderDovecotPasswd } from './dovecot';
import { renderPostfix } from './postfix';
import { renderPaths } from './render-reuse';
import { renderSendmail } from './sendmail';
import { renderAutoreplyScripts } from './sieve-files';

// A snapshot patched from another is rendered from the older one's pieces, with only what the patch can
// change made again (render-reuse.ts). It must write exactly what a render of the same host read whole
// writes — byte for byte, or the same refusal — patch after patch: a piece kept that should have been
// made again (a domain whose verdicts follow a chain into a changed domain, a name a catch-all lists, an
// alias naming a domain that came or went, an autoreply's addresses) shows here as a difference.

/** Random writes: domains on and off the host or to another owner, virtmaps, accounts, aliases. */
function write(rows: Rows, random: () => number): Touched {
  const pick = picker(random);
  const touched: Touched = { domains: new Set(), accounts: [], aliases: [] };
  for (let i = Math.floor(random() * 3); i >= 0; i -= 1) {
    const what = random();
    const owner = pick(OWNERS);
    const name = pick(NAMES);
    const key = ownedKey({ owner, name });
    if (what < 0.2) {
      const d = pick(DOMAINS);
      touched.domains.add(d);
      if (random() < 0.4) rows.domains.delete(d);
      else
        rows.domains.set(d, {
          name: d,
          owner: random() < 0.5 ? pick(OWNERS) : (rows.domains.get(d)?.owner ?? owner),
          strict: random() < 0.2,
        });
    } else if (what < 0.55) {
      const v: SnapshotVirtmap = { domain: pick(DOMAINS), localPart: pick(LOCALS), target: virtmapTarget(random) };
      touched.domains.add(v.domain);
      if (random() < 0.35) rows.virtmaps.delete(`${v.domain}@${v.localPart}`);
      else rows.virtmaps.set(`${v.domain}@${v.localPart}`, v);
    } else if (what < 0.8) {
      touched.accounts.push({ owner, name });
      if (random() < 0.4) rows.accounts.delete(key);
      else rows.accounts.set(key, account(random, owner, name));
    } else {
      touched.aliases.push({ owner, name });
      if (random() < 0.4) rows.aliases.delete(key);
      else rows.aliases.set(key, { name, owner, targets: aliasTargets(random) });
    }
  }
  return touched;
}

/** Every file a host of either flavour gets, or the refusal: what the publisher would write. */
function files(snapshot: MailSnapshot, shards = 1): Record<string, string> {
  const outcome = (render: () => Record<string, string>) => {
    try {
      return render();
    } catch (error) {
      return { refused: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };
  return {
    ...prefixed(
      'postfix/',
      outcome(() => ({ ...renderPostfix(snapshot, { shards }) })),
    ),
    ...prefixed(
      'sendmail/',
      outcome(() => ({ ...renderSendmail(snapshot, { shards }) })),
    ),
    ...prefixed(
      'dovecot/',
      outcome(() => ({ passwd: renderDovecotPasswd(snapshot, OPTS), ...renderAutoreplyScripts(snapshot) })),
    ),
  };
}

const prefixed = (prefix: string, record: Record<string, string>) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [prefix + k, v]));

describe('a render that follows the patch', () => {
  it('writes what a whole render writes, over 30 patches in a row (400 hosts, half of them with their maps in shards)', () => {
    const paths = { ...renderPaths };
    let refusals = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const random = seededRandom(seed);
      const rows = randomRows(random);
      // Every other host in 3 shards (map-shards.ts): a change then joins only its domains' shards again.
      const shards = seed % 2 === 0 ? 3 : 1;
      let snapshot = snapshotOf(rows);
      files(snapshot, shards);
      for (let step = 1; step <= 30; step += 1) {
        const touched = write(rows, random);
        const patched = patchSnapshot(snapshot, deltaOf(rows, touched)) as MailSnapshot;
        const expected = files(structuredClone(snapshotOf(rows)), shards);
        if (Object.keys(expected).some((k) => k.endsWith('refused'))) refusals += 1;
        expect(files(patched, shards), `seed ${seed} step ${step}`).toEqual(expected);
        snapshot = patched;
      }
    }
    // The patched path is what ran, for most patches (a render that failed is made whole the next time);
    // it gave up and rendered whole only where the host is refused (measured: about 130 of 12,000
    // patches, each with a refusal); and the hosts were not all refused.
    expect(renderPaths.patched - paths.patched).toBeGreaterThan(400 * 30 * 3);
    expect(renderPaths.declined - paths.declined).toBeLessThan(400);
    expect(refusals).toBeLessThan(400 * 30 * 0.5);
  });

  it('leaves the files an older render returned as they were', () => {
    const random = seededRandom(7);
    const rows = randomRows(random);
    const first = snapshotOf(rows);
    const before = { ...renderSendmail(first) };
    const held = renderSendmail(first);
    const touched = write(rows, random);
    renderSendmail(patchSnapshot(first, deltaOf(rows, touched)) as MailSnapshot);
    expect(held).toEqual(before);
  });
});
