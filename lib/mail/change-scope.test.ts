import { describe, expect, it } from 'vitest';
import { FOREIGN_DOMAINS, randomSnapshot, seededRandom } from '@/tests/support/random-snapshot';
import { checkTransition } from './change-checks';
import { changeScope } from './change-scope';
import { applyChange, type MailChange } from '@/tests/support/mail-changes';
import type { AliasTarget, Flavor, MailSnapshot, VirtmapTarget } from './snapshot';
import { buildSnapshot, TEST_PASSWORD_HASH, type SnapshotSpec } from './snapshot-builder';

// The scoped write-time checks must find exactly what following every route of the host finds: random
// valid hosts (tests/support/random-snapshot.ts), random changes of every kind (loops, dead ends, removed
// names and domains, catch-alls), and the same errors and warnings either way.

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);
const D = ['example.com', 'subhost1.com'];

function randomChange(s: MailSnapshot, random: () => number): MailChange {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const names = [...s.accounts.map((a) => a.name), ...s.aliases.map((a) => a.name), 'ghost', 'fresh'];
  const domains = [...s.domains, 'new-domain.example'];
  const address = () => `${pick(names)}@${pick([...domains, ...FOREIGN_DOMAINS])}`;
  const aliasTarget = (): AliasTarget =>
    pick<() => AliasTarget>([
      () => ({ kind: 'local', name: pick(names) }),
      () => ({ kind: 'account', name: pick(names) }),
      () => ({ kind: 'external', address: address() }),
    ])();
  const virtmapTarget = (): VirtmapTarget =>
    pick<() => VirtmapTarget>([
      () => ({ kind: 'local', name: pick(names) }),
      () => ({ kind: 'external', address: address() }),
      () => ({ kind: 'domainRedirect', domain: pick(domains) }),
      () => ({ kind: 'localPart' }),
      () => ({ kind: 'reject', code: pick(['nouser', 'unknown', 'tempfail'] as const), text: 'Gone' }),
    ])();
  const one = (): MailChange =>
    pick<() => MailChange>([
      () => ({
        kind: 'putVirtmap',
        virtmap: { domain: pick(domains), localPart: pick(['', ...names, 'info', 'joe+news']), target: virtmapTarget() },
      }),
      () =>
        s.virtmaps.length
          ? { kind: 'removeVirtmap', domain: pick(s.virtmaps).domain, localPart: pick(s.virtmaps).localPart }
          : { kind: 'putDomain', domain: 'new-domain.example' },
      () => ({ kind: 'putAlias', alias: { name: pick(names), targets: [aliasTarget(), ...(random() < 0.5 ? [aliasTarget()] : [])] } }),
      () => ({ kind: 'removeAlias', name: pick(names) }),
      () => ({ kind: 'putAccount', account: { name: pick(names), passwordHash: TEST_PASSWORD_HASH, quotaMb: 10 } }),
      () => ({ kind: 'removeAccount', name: pick(names) }),
      () => ({ kind: 'putDomain', domain: 'new-domain.example' }),
      () => ({ kind: 'removeDomain', domain: pick(s.domains) }),
    ])();
  return random() < 0.25 ? { kind: 'batch', changes: [one(), one()] } : one();
}

const messages = (findings: { message: string }[]) => findings.map((f) => f.message).sort();

describe('the scoped write-time checks', () => {
  it.each<Flavor>(['sendmail', 'postfix'])('find what the whole host finds, over 300 hosts x 8 random changes (%s)', (flavor) => {
    let compared = 0;
    let refused = 0;
    for (const seed of SEEDS) {
      const before = randomSnapshot(seed, flavor);
      const random = seededRandom(seed * 7919);
      for (let i = 0; i < 8; i += 1) {
        const after = applyChange(before, randomChange(before, random));
        const scoped = checkTransition(before, after);
        const whole = checkTransition(before, after, { wholeHost: true });
        expect(messages(scoped.errors), `seed ${seed} change ${i}`).toEqual(messages(whole.errors));
        expect(messages(scoped.warnings), `seed ${seed} change ${i}`).toEqual(messages(whole.warnings));
        compared += 1;
        if (whole.errors.length > 0) refused += 1;
      }
    }
    // The changes are not all harmless: a good share of them break something the checks must see.
    expect(compared).toBe(2400);
    expect(refused).toBeGreaterThan(300);
  });

  // Routes the random hosts reach rarely: each found only through one kind of edge of the scope.
  it.each<[string, SnapshotSpec, MailChange, RegExp]>([
    [
      'an address target that falls to a local name',
      { domains: D, accounts: ['joe', 'jane'], virtmaps: { 'info@subhost1.com': 'joe@example.com' } },
      { kind: 'removeAccount', name: 'joe' },
      /info@subhost1\.com leads to joe/,
    ],
    [
      'an alias through another domain to a removed name',
      { domains: D, accounts: ['joe', 'jane'], aliases: { team: ['jane', 'joe@example.com'] } },
      { kind: 'removeAccount', name: 'joe' },
      /The alias team leads to joe, which bounces/,
    ],
    [
      'a %1 catch-all onto a removed name',
      { domains: D, accounts: ['joe', 'jane'], virtmaps: { '@example.com': '%1', 'info@subhost1.com': 'joe@example.com' } },
      { kind: 'removeAccount', name: 'joe' },
      /joe/,
    ],
    [
      'a redirect into a domain that goes away',
      {
        domains: D,
        accounts: ['joe'],
        virtmaps: { '@subhost1.com': '%1@example.com', 'joe@example.com': 'joe', 'x@subhost1.com': 'x@example.com' },
      },
      { kind: 'putVirtmap', virtmap: { domain: 'example.com', localPart: 'x', target: { kind: 'external', address: 'x@subhost1.com' } } },
      /round the virtmaps/,
    ],
  ])('%s', (_name, spec, change, expected) => {
    const before = buildSnapshot(spec);
    const after = applyChange(before, change);
    const whole = checkTransition(before, after, { wholeHost: true });
    expect(messages(whole.errors).join('\n')).toMatch(expected);
    expect(messages(checkTransition(before, after).errors)).toEqual(messages(whole.errors));
  });

  // Found by review (a randomized comparison of 400k changes): the catch-all warning's shortcut missed
  // accounts whose way on through the catch-all changed, not their own key.
  it.each<[string, SnapshotSpec, MailChange]>([
    [
      'a catch-all onto an alias whose target key changed',
      {
        domains: ['example.com'],
        accounts: ['joe', 'bob'],
        aliases: { fwd: ['x@example.com'] },
        virtmaps: { '@example.com': 'fwd', 'x@example.com': 'joe' },
      },
      { kind: 'putVirtmap', virtmap: { domain: 'example.com', localPart: 'x', target: { kind: 'local', name: 'bob' } } },
    ],
    [
      "a %1 catch-all onto an alias of the account's name",
      {
        domains: ['example.com'],
        accounts: ['joe', 'bob'],
        aliases: { joe: ['x@example.com'], keep: ['\\joe'] },
        virtmaps: { '@example.com': '%1', 'x@example.com': 'keep' },
      },
      { kind: 'putVirtmap', virtmap: { domain: 'example.com', localPart: 'x', target: { kind: 'local', name: 'bob' } } },
    ],
  ])('warns as the whole host does: %s', (_name, spec, change) => {
    const before = buildSnapshot(spec);
    const after = applyChange(before, change);
    const whole = checkTransition(before, after, { wholeHost: true });
    expect(messages(whole.warnings).join('\n')).toMatch(/The catch-all @example\.com will take mail for joe/);
    expect(messages(checkTransition(before, after).warnings)).toEqual(messages(whole.warnings));
  });

  it('follows every route when names are not in the stored (lower-case) form', () => {
    const before = buildSnapshot({ domains: D, accounts: ['joe'], aliases: { team: ['joe'] }, virtmaps: { 'info@example.com': 'team' } });
    const after = applyChange(before, {
      kind: 'putAlias',
      alias: { name: 'Team', targets: [{ kind: 'external', address: 'nope@example.com' }] },
    });
    expect(changeScope(before, after)).toBeNull();
    expect(messages(checkTransition(before, after).errors)).toEqual(messages(checkTransition(before, after, { wholeHost: true }).errors));
  });

  it('follows every route when a name has capitals outside ASCII (the index it would look names up in folds them)', () => {
    // Not a name the panel stores (nor buildSnapshot builds): a snapshot read from a file might hold it.
    const built = buildSnapshot({ domains: D, accounts: ['jorg'], aliases: { team: ['jorg'] }, virtmaps: { 'info@example.com': 'team' } });
    const before: MailSnapshot = {
      ...built,
      accounts: built.accounts.map((a) => ({ ...a, name: 'jÖrg' })),
      aliases: built.aliases.map((a) => ({ ...a, targets: [{ kind: 'local', name: 'jÖrg' }] })),
    };
    const after = applyChange(before, {
      kind: 'putVirtmap',
      virtmap: { domain: 'example.com', localPart: 'x', target: { kind: 'local', name: 'team' } },
    });
    expect(changeScope(before, after)).toBeNull();
    expect(messages(checkTransition(before, after).errors)).toEqual([]);
    expect(messages(checkTransition(before, after).warnings)).toEqual(
      messages(checkTransition(before, after, { wholeHost: true }).warnings),
    );
  });

  it('follows nothing again for a password change, and only the domain for a key change', () => {
    const before = randomSnapshot(5, 'sendmail');
    const account = before.accounts[0]!;
    const password = applyChange(before, { kind: 'putAccount', account: { ...account, passwordHash: `${account.passwordHash}x` } });
    expect(changeScope(before, password)).toMatchObject({ namesTouched: false });
    expect([...changeScope(before, password)!.domains]).toEqual([]);
    const domain = before.domains[0]!;
    const key = applyChange(before, {
      kind: 'putVirtmap',
      virtmap: { domain, localPart: 'brand-new', target: { kind: 'reject', code: 'unknown', text: 'No' } },
    });
    expect([...changeScope(before, key)!.domains]).toContain(domain);
    expect(changeScope(before, key)!.namesTouched).toBe(false);
  });
});
