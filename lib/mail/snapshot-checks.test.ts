import { describe, expect, it } from 'vitest';
import { checkSnapshot } from './snapshot-checks';
import type { Flavor, MailSnapshot, SnapshotVirtmap, VirtmapTarget } from './snapshot';
import { randomSnapshot, randomTenantSnapshot, seededRandom } from '@/tests/support/random-snapshot';

// The checks leave out the addresses whose first virtmap ends their route (a rejection, an account that is
// no alias, a domain the host does not hold): tracing them could find nothing. Here the findings with that
// shortcut are compared with tracing every address, on random hosts of both kinds and flavours, each given
// a few more virtmaps and aliases at random — chains, loops and names that do not exist among them.

const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);
const FLAVORS: Flavor[] = ['sendmail', 'postfix'];

const messages = (s: MailSnapshot, traceEveryAddress: boolean) => checkSnapshot(s, undefined, { traceEveryAddress }).map((f) => f.message);

/** `s` with a few unchecked virtmaps and aliases added: chains between its domains, loops, missing names. */
function withTangles(s: MailSnapshot, seed: number): MailSnapshot {
  const next = seededRandom(seed * 31 + 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const names = [...s.accounts.map((a) => a.name), ...s.aliases.map((a) => a.name), 'ghost'];
  const locals = ['t1', 't2', 't3', ...names];
  const targets = (): VirtmapTarget[] => [
    { kind: 'external', address: `${pick(locals)}@${pick(s.domains)}` },
    { kind: 'external', address: `${pick(locals)}@${pick(s.domains)}`, keepDetail: true },
    { kind: 'domainRedirect', domain: pick(s.domains) },
    { kind: 'local', name: pick(names) },
    { kind: 'localPart' },
    { kind: 'reject', code: '4.2.1:450', text: 'Later' },
  ];
  const taken = new Set(s.virtmaps.map((v) => `${v.localPart}@${v.domain}`));
  const added: SnapshotVirtmap[] = [];
  for (let i = 0; i < 4; i += 1) {
    const v = { domain: pick(s.domains), localPart: pick(['', 't1', 't2', 't3']), target: pick(targets()) };
    if (!taken.has(`${v.localPart}@${v.domain}`)) added.push(v);
    taken.add(`${v.localPart}@${v.domain}`);
  }
  const aliases = s.aliases.map((a) =>
    next() < 0.3 ? { ...a, targets: [...a.targets, { kind: 'local' as const, name: pick(names) }] } : a,
  );
  return { ...s, aliases, virtmaps: [...s.virtmaps, ...added] };
}

describe('checkSnapshot without tracing the addresses that end at their first virtmap', () => {
  for (const flavor of FLAVORS) {
    it(`finds what tracing every address finds (${flavor}, ${SEEDS.length} classic and ${SEEDS.length} tenant hosts)`, () => {
      let findings = 0;
      for (const seed of SEEDS) {
        for (const s of [randomSnapshot(seed, flavor), randomTenantSnapshot(seed, flavor)]) {
          const tangled = withTangles(s, seed);
          const every = messages(tangled, true);
          expect(messages(tangled, false), `seed ${seed}`).toEqual(every);
          findings += every.length;
        }
      }
      // The hosts hold loops and dead ends to find: the comparison is not one of empty lists.
      expect(findings).toBeGreaterThan(100);
    });
  }
});

describe('checkSnapshot on +details', () => {
  const base = (flavor: Flavor): MailSnapshot => ({
    version: 1,
    host: { name: 'mail.example.net', flavor },
    domains: ['d.example', 'e.example'],
    accounts: [{ name: 'joe', passwordHash: '{SHA512-CRYPT}$6$salt$hash', quotaMb: 1 }],
    aliases: [],
    virtmaps: [],
  });

  it('refuses, on a Postfix host, a catch-all passing the detail to an address whose +detail keys Postfix cannot list', () => {
    const virtmaps: SnapshotVirtmap[] = [
      { domain: 'd.example', localPart: '', target: { kind: 'external', address: 'x@e.example', keepDetail: true } },
      { domain: 'e.example', localPart: 'x+foo', target: { kind: 'reject', code: 'nouser', text: 'Gone' } },
      { domain: 'e.example', localPart: 'x', target: { kind: 'local', name: 'joe' } },
    ];
    const postfix = checkSnapshot({ ...base('postfix'), virtmaps }).map((f) => f.message);
    expect(postfix).toEqual([expect.stringContaining('Postfix cannot answer every such address at RCPT')]);
    expect(checkSnapshot({ ...base('sendmail'), virtmaps })).toEqual([]);
  });

  it('refuses a copy that sendmail would drop without a word: name+detail back into the alias being expanded', () => {
    const s: MailSnapshot = {
      ...base('sendmail'),
      aliases: [
        {
          name: 'team',
          targets: [
            { kind: 'external', address: 'back@d.example' },
            { kind: 'local', name: 'joe' },
          ],
        },
      ],
      virtmaps: [{ domain: 'd.example', localPart: 'back', target: { kind: 'local', name: 'team', detail: 'x' } }],
    };
    expect(checkSnapshot(s).map((f) => f.message)).toContainEqual(expect.stringContaining('sendmail would drop that copy without a word'));
  });
});
