import { describe, expect, it } from 'vitest';
import { randomSnapshot, randomTenantSnapshot, RANDOM_OWNERS } from '@/tests/support/random-snapshot';
import { probeAddresses } from '@/tests/support/probe-addresses';
import { buildSnapshot } from './snapshot-builder';
import { partOf } from '@/tests/support/snapshot-part';
import { askNearby, ownersNamedIn, type HostKeys } from './partial-host';
import { addressesReaching, soleMailbox } from './mailbox-addresses';
import { hostName } from './tenancy';
import { tracedFor } from './told-trace';
import { traceWith } from './resolve';
import type { Flavor, MailSnapshot } from './snapshot';

// The neighbourhood of a question (docs/decisions/0011, step 2): a trace asked of the part of a host it
// reaches, loaded to a fixed point, must be the trace of the whole host — for every probe address of
// random hosts, classic and with owners, as an operator and as each customer sees it.

const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);
/** Fewer hosts with owners: each is asked as five askers. */
const TENANT_SEEDS = SEEDS.slice(0, 50);
const FLAVORS: Flavor[] = ['sendmail', 'postfix'];

/** `ask` on the part of `whole` it reaches, with every load noted. */
async function nearby<R>(whole: MailSnapshot, ask: (s: MailSnapshot) => R, owners?: ReadonlySet<string> | null, start?: HostKeys) {
  const loads: HostKeys[] = [];
  const found = await askNearby(
    whole,
    async (keys) => {
      loads.push(keys);
      return partOf(whole, keys);
    },
    ask,
    owners,
    start,
  );
  // `answer` for the questions that settle (all but the last test, which looks at `found`).
  return { answer: found?.answer as R, found, loads };
}

/** What an operator sees, then each customer alone, then two customers of one reseller together. */
function askers(s: MailSnapshot): (ReadonlySet<string> | null)[] {
  return s.version === 2 ? [null, ...RANDOM_OWNERS.map((o) => new Set([o])), new Set(RANDOM_OWNERS.slice(0, 2))] : [null];
}

describe('a trace on the part of the host it reaches', () => {
  it.each(FLAVORS)('equals the trace on the whole host, classic hosts (%s)', async (flavor) => {
    for (const seed of SEEDS) {
      const whole = randomSnapshot(seed, flavor);
      for (const address of probeAddresses(whole)) {
        const { answer } = await nearby(whole, (s) => tracedFor(s, address, null));
        expect(answer, `seed ${seed}, ${address}`).toEqual(tracedFor(whole, address, null));
      }
    }
  });

  it.each(FLAVORS)('equals the trace on the whole host as each asker sees it, hosts with owners (%s)', async (flavor) => {
    for (const seed of TENANT_SEEDS) {
      const whole = randomTenantSnapshot(seed, flavor);
      for (const owners of askers(whole)) {
        for (const address of probeAddresses(whole)) {
          const { answer } = await nearby(whole, (s) => tracedFor(s, address, owners), ownersNamedIn(owners, [address]));
          expect(answer, `seed ${seed}, ${address}, ${owners ? [...owners].join(' ') : 'operator'}`).toEqual(
            tracedFor(whole, address, owners),
          );
        }
      }
    }
  });

  it('answers which mailbox an address signs in to as the whole host does', async () => {
    for (const seed of SEEDS) {
      const whole = randomTenantSnapshot(seed, 'sendmail');
      for (const address of probeAddresses(whole, { upperCase: false })) {
        const { found } = await nearby(whole, (s) => soleMailbox(s, address));
        expect(found, `seed ${seed}, ${address}`).toEqual({ answer: soleMailbox(whole, address) });
      }
    }
  });

  it("lists the addresses that reach a mailbox as the whole host does, from its customer's domains and names", async () => {
    for (const seed of TENANT_SEEDS) {
      const whole = randomTenantSnapshot(seed, 'postfix');
      for (const account of whole.accounts) {
        const owner = account.owner ?? '';
        // What lib/data/host-nearby.ts's customerKeys reads: the customer's domains and names.
        const start: HostKeys = {
          domains: whole.domains.filter((d) => whole.domainOwners?.[d] === owner),
          names: [...whole.accounts, ...whole.aliases].filter((x) => x.owner === owner).map((x) => hostName(owner, x.name)),
        };
        const { answer } = await nearby(whole, (s) => addressesReaching(s, owner, account.name), null, start);
        expect(answer, `seed ${seed}, ${owner} ${account.name}`).toEqual(addressesReaching(whole, owner, account.name));
      }
    }
  });

  it('loads only what the route reaches: the domains and names it looks up, never the rest of the host', async () => {
    const whole = buildSnapshot({
      flavor: 'postfix',
      domains: ['one.example', 'two.example', ...Array.from({ length: 50 }, (_, i) => `other${i}.example`)],
      accounts: ['joe', 'jane', ...Array.from({ length: 50 }, (_, i) => `user${i}`)],
      aliases: { sales: ['joe', 'x@two.example'] },
      virtmaps: {
        'sales@one.example': 'sales',
        'x@two.example': 'jane',
        ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`a@other${i}.example`, `user${i}`])),
      },
    });
    const { answer, loads } = await nearby(whole, (s) => traceWith(s, 'sales@one.example', 'postfix'));
    expect(answer.deliveries).toEqual(traceWith(whole, 'sales@one.example', 'postfix').deliveries);
    expect(answer.deliveries.map((d) => (d.kind === 'account' ? d.name : d.kind)).sort()).toEqual(['jane', 'joe']);
    const asked = { domains: loads.flatMap((l) => l.domains).sort(), names: loads.flatMap((l) => l.names).sort() };
    expect(asked).toEqual({ domains: ['one.example', 'two.example'], names: ['jane', 'joe', 'sales'] });
    // One load per hop the route takes into something new: the domain, the alias, its targets.
    expect(loads.length).toBeLessThanOrEqual(4);
  });

  it('needs its rounds: the first answer, on nothing loaded, is not the host’s', async () => {
    const whole = buildSnapshot({ domains: ['one.example'], accounts: ['joe'], virtmaps: { 'sales@one.example': 'joe' } });
    const first = traceWith({ ...whole, domains: [], accounts: [], virtmaps: [] }, 'sales@one.example', 'sendmail');
    const { answer, loads } = await nearby(whole, (s) => traceWith(s, 'sales@one.example', 'sendmail'));
    expect(first.deliveries).not.toEqual(answer.deliveries);
    expect(answer.deliveries).toEqual([{ kind: 'account', name: 'joe' }]);
    expect(loads.length).toBe(2);
  });

  it('gives up (null) on a question that keeps reaching further than the rounds allow', async () => {
    // A chain of 60 domains, each redirecting to the next: every round reaches one more.
    const n = 60;
    const whole = buildSnapshot({
      domains: Array.from({ length: n }, (_, i) => `d${i}.example`),
      accounts: ['end'],
      virtmaps: Object.fromEntries(Array.from({ length: n }, (_, i) => [`@d${i}.example`, i + 1 < n ? `%1@d${i + 1}.example` : 'end'])),
    });
    const { found } = await nearby(whole, (s) => traceWith(s, 'x@d0.example', 'sendmail'));
    expect(found).toBeNull();
  });
});
