// Hosts with owners (snapshot version 2, lib/mail/tenancy.ts) on real sendmail 8.17: the rendered host
// view — names as `owner-name`, each domain's fall-through as `@d<TAB>owner-%1`, postmaster@ and abuse@
// kept for the host — must make sendmail answer exactly what the resolver says (RCPT and -bv), and no
// address may reach another customer's account. A hand-written host first (two customers with the same
// names, a third with none), then random tenant hosts. Same lab and helpers as tests/mta/sendmail.test.ts;
// nothing is skipped: without sendmail every test fails, naming the install script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAddress } from '@/lib/mail/resolve';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { viewNames } from '@/lib/mail/tenancy';
import { randomTenantSnapshot } from '../support/random-snapshot';
import { askSendmail, type Comparable, comparable } from './sendmail-answer';
import { requireSendmail, SendmailLab } from './sendmail-lab';
import { sendmailDifferences } from './sendmail-differences';

const RANDOM_TENANT_SNAPSHOTS = 200;
const HASH = '{SHA512-CRYPT}$6$x$y';

let lab: SendmailLab | undefined;

beforeAll(async () => {
  requireSendmail();
  lab = await SendmailLab.start();
}, 60_000);

afterAll(async () => {
  await lab?.close();
});

function theLab(): SendmailLab {
  if (!lab) throw new Error('the sendmail lab did not start (see the first failure)');
  return lab;
}

/**
 * Customers ta and tb both have the accounts `info` and `joe`; ta's one.example has no catch-all (its
 * names fall through, inside ta only), tb's two.example sends everything but joe@ to tb's info; tc's
 * three.example was just added and has no names at all.
 */
const HOST: MailSnapshot = {
  version: 2,
  host: { name: 'mail.mailpanel.test', flavor: 'sendmail' },
  domains: ['one.example', 'two.example', 'three.example'],
  domainOwners: { 'one.example': 'ta', 'two.example': 'tb', 'three.example': 'tc' },
  accounts: ['ta', 'tb'].flatMap((owner) => ['info', 'joe'].map((name) => ({ name, owner, passwordHash: HASH, quotaMb: 100 }))),
  aliases: [],
  virtmaps: [
    { domain: 'two.example', localPart: '', target: { kind: 'local', name: 'info' } },
    { domain: 'two.example', localPart: 'joe', target: { kind: 'local', name: 'joe' } },
  ],
};

const to = (...deliveries: string[]): Comparable => ({ rcpt: 'accepted', deliveries });
const unknown: Comparable = { rcpt: 'refused 550 5.1.1 User unknown', deliveries: [] };

/** What each address must do, by DOMAIN.md's tenancy rule (docs/tenancy.md). */
const CASES: [string, Comparable][] = [
  // ta: the fall-through finds ta's own names only; %1 keeps the case (accounts fold it) and drops +detail.
  ['joe@one.example', to('account ta-joe')],
  ['info@one.example', to('account ta-info')],
  ['JOE@ONE.EXAMPLE', to('account ta-joe')],
  ['Info@one.example', to('account ta-info')],
  ['joe+tag@one.example', to('account ta-joe')],
  ['JOE+Tag@one.example', to('account ta-joe')],
  ['nobody@one.example', unknown],
  ['nobody+tag@one.example', unknown],
  // A host-level name as a local part is one more prefix deep (ta-ta-joe): nobody's.
  ['ta-joe@one.example', unknown],
  ['tb-joe@one.example', unknown],
  ['postmaster@one.example', to('host postmaster')],
  ['abuse@one.example', to('host abuse')],
  ['POSTMASTER@ONE.EXAMPLE', to('host postmaster')],
  // tb: the catch-all takes every local part without its own key, tb's names and unknown ones alike.
  ['joe@two.example', to('account tb-joe')],
  ['JOE@two.example', to('account tb-joe')],
  ['joe+tag@two.example', to('account tb-joe')],
  ['info@two.example', to('account tb-info')],
  ['nobody@two.example', to('account tb-info')],
  ['ta-joe@two.example', to('account tb-info')],
  ['postmaster@two.example', to('host postmaster')],
  ['abuse@two.example', to('host abuse')],
  // tc: no names, so nothing but postmaster@ and abuse@ exists; ta's and tb's names do not answer here.
  ['joe@three.example', unknown],
  ['info@three.example', unknown],
  ['JOE@three.example', unknown],
  ['joe+tag@three.example', unknown],
  ['nobody@three.example', unknown],
  ['ta-joe@three.example', unknown],
  ['tb-info@three.example', unknown],
  ['postmaster@three.example', to('host postmaster')],
  ['abuse@three.example', to('host abuse')],
];

describe('two customers with the same names, and a third with none', () => {
  it('real sendmail and the resolver both do what the tenancy rule says', async () => {
    await theLab().publish(HOST);
    const answers = await askSendmail(
      theLab(),
      CASES.map(([address]) => address),
    );
    for (const [i, [address, expected]] of CASES.entries()) {
      const answer = answers[i];
      expect.soft(answer && comparable(answer), `sendmail on ${address} (-bv: ${JSON.stringify(answer?.verify)})`).toEqual(expected);
      expect.soft(comparable(traceAddress(HOST, address, 'sendmail')), `resolver on ${address}`).toEqual(expected);
    }
  });

  it("delivers each address on real sendmail to its own domain's customer only, or refuses it", async () => {
    await theLab().publish(HOST);
    const { names, domainOwners } = viewNames(HOST);
    const answers = await askSendmail(
      theLab(),
      CASES.map(([address]) => address),
    );
    for (const answer of answers) {
      const owner = domainOwners.get(answer.address.slice(answer.address.lastIndexOf('@') + 1).toLowerCase());
      const accounts = answer.deliveries.flatMap((d) => (d.kind === 'account' ? [d.name] : []));
      expect(
        accounts.map((name) => names.get(name)?.owner),
        answer.address,
      ).toEqual(accounts.map(() => owner));
    }
  });

  it('sendmail substitutes %1 inside `ta-%1` and looks the result up as a local name (measured)', async () => {
    await theLab().publish(HOST);
    // What virtusertable made of the address: the name ruleset 0 recurses with (`sendmail -bt`, /parse).
    expect(await virtuserResults(['JOE+Tag@one.example', 'ta-joe@one.example', 'postmaster@one.example', 'joe@two.example'])).toEqual([
      'ta-JOE',
      'ta-ta-joe',
      'postmaster',
      'tb-joe',
    ]);
    // -bv names the address as given; the accounts map folds the case, and the detail is gone.
    const [upper, detail, hostName] = await theLab().verify(['JOE@one.example', 'joe+tag@one.example', 'ta-joe@one.example']);
    expect(upper?.lines).toEqual(['JOE@one.example... deliverable: mailer mailpanel, user ta-joe']);
    expect(detail?.lines).toEqual(['joe+tag@one.example... deliverable: mailer mailpanel, user ta-joe']);
    expect(hostName?.lines).toEqual(['ta-joe@one.example... User unknown']);
    expect(hostName?.exitCode).toBe(67);
  });
});

/** For each address, the local name virtusertable rewrote it to (ruleset 0's first recursion in `-bt`). */
async function virtuserResults(addresses: readonly string[]): Promise<string[]> {
  const input = addresses.map((address) => `/parse ${address}\n`).join('');
  const script = 'printf "%s" "$2" | /usr/sbin/sendmail -C "$1" -bt';
  const { stdout } = await theLab().inside(['/bin/sh', '-c', script, 'sh', theLab().cf, input]);
  return stdout
    .split('\n> ')
    .slice(1, addresses.length + 1)
    .map((block) => /Recurse +input: (\S+)/.exec(block)?.[1] ?? `(no virtusertable result: ${block})`);
}

describe(`the resolver agrees with real sendmail on every probe address of ${RANDOM_TENANT_SNAPSHOTS} random hosts with owners`, () => {
  const seeds = Array.from({ length: RANDOM_TENANT_SNAPSHOTS }, (_, i) => i + 1);
  it.each(seeds)('seed %i', async (seed) => {
    const snapshot = randomTenantSnapshot(seed, 'sendmail');
    const mismatches = await sendmailDifferences(theLab(), snapshot);
    expect(mismatches, `seed ${seed}: ${JSON.stringify(snapshot)}`).toEqual([]);
  });
});
