import { describe, expect, it } from 'vitest';
import { randomTenantSnapshot } from '@/tests/support/random-snapshot';
import { crossingDeliveries } from '@/tests/support/tenancy-property';
import { probeAddresses } from '@/tests/support/probe-addresses';
import { traceAddress } from './resolve';
import type { MailSnapshot } from './snapshot';
import { checkSnapshot } from './snapshot-checks';
import { hostView, viewNames } from './tenancy';
import { outcomeSignature } from './trace-summary';

// The tenancy rule (docs/tenancy.md) in the resolver: two customers on one host, both with `joe` and
// `info`, one domain with a catch-all and one without, and a third customer's domain added later.

const HASH = '{SHA512-CRYPT}$6$salt$hash';

function twoCustomers(flavor: 'sendmail' | 'postfix' = 'sendmail'): MailSnapshot {
  return {
    version: 2,
    host: { name: 'mail.example.test', flavor },
    domains: ['one.example', 'two.example', 'three.example'],
    domainOwners: { 'one.example': 'ta', 'two.example': 'tb', 'three.example': 'tc' },
    accounts: [
      { name: 'joe', owner: 'ta', passwordHash: HASH, quotaMb: 100 },
      { name: 'info', owner: 'ta', passwordHash: HASH, quotaMb: 100 },
      { name: 'joe', owner: 'tb', passwordHash: HASH, quotaMb: 100 },
      { name: 'bob', owner: 'tb', passwordHash: HASH, quotaMb: 100 },
    ],
    aliases: [{ name: 'info', owner: 'tb', targets: [{ kind: 'local', name: 'bob' }] }],
    virtmaps: [
      { domain: 'two.example', localPart: '', target: { kind: 'local', name: 'bob' } },
      { domain: 'two.example', localPart: 'joe', target: { kind: 'local', name: 'joe' } },
      { domain: 'one.example', localPart: 'old', target: { kind: 'domainRedirect', domain: 'three.example' } },
    ],
  };
}

const outcome = (s: MailSnapshot, address: string) => outcomeSignature(traceAddress(s, address));

describe('a host with two customers', () => {
  const s = twoCustomers();

  it.each([
    ['joe@one.example', 'accepted: account ta-joe'],
    ['info@one.example', 'accepted: account ta-info'],
    ['JOE@one.example', 'accepted: account ta-joe'],
    ['joe+news@one.example', 'accepted: account ta-joe'],
    ['bob@one.example', 'refused 550 5.1.1'],
    ['ta-joe@one.example', 'refused 550 5.1.1'],
    ['tb-bob@one.example', 'refused 550 5.1.1'],
    ['joe@two.example', 'accepted: account tb-joe'],
    ['info@two.example', 'accepted: account tb-bob'],
    ['anyone@two.example', 'accepted: account tb-bob'],
    ['joe@three.example', 'refused 550 5.1.1'],
    ['info@three.example', 'refused 550 5.1.1'],
    ['old@one.example', 'refused 550 5.1.1'],
    ['postmaster@one.example', 'accepted: host postmaster'],
    ['postmaster@two.example', 'accepted: host postmaster'],
    ['abuse@three.example', 'accepted: host abuse'],
  ])('%s → %s', (address, expected) => {
    expect(outcome(s, address)).toBe(expected);
  });

  it('says in words that the fall-through stays inside the customer', () => {
    const trace = traceAddress(s, 'bob@one.example');
    expect(trace.steps.map((step) => step.text).join(' ')).toContain("looked up among the names of one.example's customer");
  });

  it('keeps postmaster@ out of a catch-all and out of a refusing one', () => {
    const refusing: MailSnapshot = {
      ...s,
      virtmaps: [
        ...s.virtmaps,
        { domain: 'three.example', localPart: '', target: { kind: 'reject', code: 'unknown', text: 'Nobody here' } },
      ],
    };
    expect(outcome(refusing, 'postmaster@three.example')).toBe('accepted: host postmaster');
    expect(outcome(refusing, 'joe@three.example')).toBe('refused 550 5.1.1');
  });

  it('a customer may give postmaster@ an address of its own', () => {
    const own: MailSnapshot = {
      ...s,
      virtmaps: [...s.virtmaps, { domain: 'one.example', localPart: 'postmaster', target: { kind: 'local', name: 'joe' } }],
    };
    expect(outcome(own, 'postmaster@one.example')).toBe('accepted: account ta-joe');
  });

  it('a strict domain has only its own addresses', () => {
    const strict: MailSnapshot = {
      ...s,
      strictDomains: ['one.example'],
      virtmaps: [...s.virtmaps, { domain: 'one.example', localPart: 'info', target: { kind: 'local', name: 'info' } }],
    };
    expect(outcome(strict, 'joe@one.example')).toBe('refused 550 5.1.1');
    expect(outcome(strict, 'info@one.example')).toBe('accepted: account ta-info');
    expect(outcome(strict, 'postmaster@one.example')).toBe('accepted: host postmaster');
  });

  it('gives each name a host-level name its owner can be told from', () => {
    const view = hostView(s);
    expect(view.version).toBe(1);
    expect(view.accounts.map((a) => a.name).sort()).toEqual(['ta-info', 'ta-joe', 'tb-bob', 'tb-joe']);
    expect(viewNames(s).names.get('tb-joe')).toEqual({ owner: 'tb', name: 'joe' });
    expect(view.accounts.find((a) => a.name === 'ta-joe')?.mailbox).toBe('ta-joe');
    expect(hostView(view)).toBe(view);
  });

  it('passes the write-time checks, except the redirect onto a domain where nobody has that name', () => {
    expect(checkSnapshot(s).map((f) => f.message)).toEqual(['old@one.example leads to tc-old, which is neither an account nor an alias.']);
  });

  it('leaves a classic (version 1) snapshot as it is', () => {
    const classic: MailSnapshot = {
      version: 1,
      host: s.host,
      domains: ['one.example'],
      accounts: [{ name: 'joe', passwordHash: HASH, quotaMb: 1 }],
      aliases: [],
      virtmaps: [],
    };
    expect(hostView(classic)).toBe(classic);
    expect(outcome(classic, 'joe+x@one.example')).toBe('accepted: account joe+x');
  });
});

describe('random hosts with several customers', () => {
  it.each(['sendmail', 'postfix'] as const)('never deliver across customers, and pass the checks (%s, 300 seeds)', (flavor) => {
    let probes = 0;
    for (let seed = 1; seed <= 300; seed += 1) {
      const s = randomTenantSnapshot(seed, flavor);
      expect(checkSnapshot(s), `seed ${seed}`).toEqual([]);
      for (const address of probeAddresses(s)) {
        probes += 1;
        expect(crossingDeliveries(s, traceAddress(s, address)), `seed ${seed}: ${address}`).toEqual([]);
      }
    }
    expect(probes).toBeGreaterThan(10_000);
  });

  it('the property catches the classic shared host', () => {
    const s = twoCustomers();
    const classic: MailSnapshot = { ...hostView(s), virtmaps: hostView(s).virtmaps.filter((v) => !v.implicit) };
    // The same names, but the classic fall-through: joe@three.example would reach ta-joe? Only if bare.
    const shared: MailSnapshot = { ...classic, accounts: [...classic.accounts, { name: 'joe', passwordHash: HASH, quotaMb: 1 }] };
    const trace = traceAddress(shared, 'joe@three.example');
    expect(trace.deliveries).toEqual([{ kind: 'account', name: 'joe' }]);
    expect(crossingDeliveries(s, { ...trace, deliveries: [{ kind: 'account', name: 'ta-joe' }] })).toEqual(['ta-joe']);
  });
});
