// The import's promise, on real sendmail 8.17: a legacy host's own files loaded as its admin did, then
// the same files imported through the data layer into the panel (one new customer) and published as the
// panel publishes; every probe address gives the same SMTP RCPT reply and the same `sendmail -bv` result
// on both (a delivery compared by the mailbox it reaches: the old host's Unix user joe, the panel's account
// whose mailbox directory is joe), except addresses whose old route passes through a kept-out line; and
// the report lists every kept-out line with its line.
import { afterAll, describe, expect, it } from 'vitest';
import { importSendmailHost } from '@/lib/data/import-sendmail';
import { readHostSnapshot } from '@/lib/data/snapshots';
import { planImport } from '@/lib/mail/import-plan';
import { hostView } from '@/lib/mail/tenancy';
import { readLegacySendmail } from '@/lib/mailmaps/legacy-read';
import { makeHost, makeStaff, unique } from '../support/factories';
import { keptOutExplains } from '../support/kept-out-explains';
import { farmHost, handEditedHost, redHatHost, tidyHost, type LegacyHostSet } from '../support/legacy-hosts';
import { withPanelDatabase } from '../support/panel-db';
import { answersOf, startOriginalLab, type Answer } from './legacy-lab';
import { requireSendmail, SendmailLab } from './sendmail-lab';

withPanelDatabase();
requireSendmail();

const figures: string[] = [];
afterAll(() => console.log(`legacy round trip:\n  ${figures.join('\n  ')}`));

const same = (a: Answer | undefined, b: Answer | undefined) => JSON.stringify(a) === JSON.stringify(b);

async function roundTrip(set: LegacyHostSet) {
  const started = Date.now();
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const legacy = readLegacySendmail(set.files, (file) => set.includes[file]);
  const customer = unique('Old host ');
  const plan = planImport({ legacy, defaultCustomer: customer });
  const report = await importSendmailHost(admin, {
    legacy,
    host: { name: host.name },
    customer: { name: customer, create: true },
    dryRun: false,
    source: `test ${set.name}`,
  });
  expect(report.applied).toBe(true);
  const imported_at = Date.now();
  // The report names every kept-out line with its file and line (the reader's and the plan's).
  expect(report.keptOut.map((k) => `${k.file}:${k.line}-${k.lineEnd ?? k.line} ${k.key}`)).toEqual(
    plan.keptOut.map((k) => `${k.file}:${k.line}-${k.lineEnd ?? k.line} ${k.key}`),
  );
  const snapshot = await readHostSnapshot(host.id);
  const mailboxOf = new Map(hostView(snapshot).accounts.map((a) => [a.name, a.mailbox ?? a.name]));
  const oldUsers = new Set(plan.accounts.map((a) => a.name));
  const original = await startOriginalLab(set);
  const imported = await SendmailLab.start({ hostName: 'new.mailpanel.test' });
  try {
    await imported.publish(snapshot);
    const [before, after] = await Promise.all([
      answersOf(original, set.probes, (mailer, user) => (mailer === 'local' && oldUsers.has(user) ? user : undefined)),
      answersOf(imported, set.probes, (mailer, user) => (mailer === 'mailpanel' ? mailboxOf.get(user) : undefined)),
    ]);
    const asked_at = Date.now();
    const explains = keptOutExplains(legacy, plan);
    const unexplained: { address: string; before?: Answer; after?: Answer }[] = [];
    let explained = 0;
    for (const address of set.probes) {
      if (same(before.get(address), after.get(address))) continue;
      if (explains(address)) explained++;
      else unexplained.push({ address, before: before.get(address), after: after.get(address) });
    }
    expect(unexplained).toEqual([]);
    figures.push(
      `${set.name}: ${set.probes.length} probes, ${set.probes.length - explained} the same, ${explained} differ where a kept-out line explains it; ` +
        `${report.keptOut.length} lines kept out; ${Math.round((Date.now() - started) / 1000)} s (import ${Math.round((imported_at - started) / 1000)} s, asking sendmail ${Math.round((asked_at - imported_at) / 1000)} s)`,
    );
    return { report, before, after };
  } finally {
    await original.close();
    await imported.close();
  }
}

describe('import round trip on real sendmail', () => {
  it('a tidy host: every address routes as before', async () => {
    const { report, before } = await roundTrip(tidyHost());
    // A user would notice: the alias still reaches both mailboxes; the rejection still answers at RCPT.
    expect(before.get('info@tidy4.example')?.deliveries).toEqual(['mailbox user01', 'mailbox user02']);
    expect(before.get('old@tidy2.example')?.rcpt).toBe('refused 553 5.3.0 This address is no longer in use');
    expect(report.created).toMatchObject({ domains: 10, accounts: 20 });
  }, 240_000);

  it('a Red Hat host: sendmail.cw names and an :include: list', async () => {
    const { report, before } = await roundTrip(redHatHost());
    // www.shop.example. (a trailing dot) was never local: sendmail relayed its mail; it stays out.
    expect(report.created.domains).toBe(3);
    expect(before.get('x@www.shop.example')).toBeUndefined();
    expect(before.get('orders@shop.example')?.deliveries).toEqual(['mailbox alice', 'mailbox bert', 'mailbox carla']);
  }, 240_000);

  it('a host edited by hand for fifteen years: BOM, CRLF, duplicates and broken lines', async () => {
    const { report, before, after } = await roundTrip(handEditedHost());
    const kept = new Set(report.keptOut.map((k) => `${k.file}:${k.line}`));
    // The duplicate key (makemap keeps the first), the program target, the missing include, the BOM'd key.
    for (const line of ['virtusertable:5', 'aliases:13', 'aliases:17', 'virtusertable:1']) expect(kept).toContain(line);
    // Rejections of any code come in and answer as before; error:tempfail (553 at RCPT, deferred after) stays out.
    const keys = new Set(report.keptOut.map((k) => k.key));
    for (const key of ['gone@main.example', 'policy@main.example', 'plain@main.example']) expect(keys).not.toContain(key);
    expect(keys).toContain('later@main.example');
    // Detail forwarding comes in (`anna+%2` on a wildcard key, `dora%3`, `%1%3@main.example`): the +detail
    // still travels as it did (every probe above, `x+detail@…` ones included, answers as before).
    for (const key of ['tags+*@main.example', 'fwd@second.example', '@second.example']) expect(keys).not.toContain(key);
    // `anna@localhost` is the local name anna to sendmail: it comes in as that name, and routes as before.
    for (const key of ['local@main.example', 'vialocal']) expect(keys).not.toContain(key);
    expect(after.get('local@main.example')?.deliveries).toEqual(before.get('local@main.example')?.deliveries);
    expect(after.get('policy@main.example')?.rcpt).toBe('refused 550 5.7.1 Not accepted here');
    expect(after.get('gone@main.example')?.rcpt).toBe('refused 553 5.3.0 Host unknown');
  }, 240_000);

  it('a reseller farm: 2,000 domains, 20,000 virtusertable lines', async () => {
    const { report } = await roundTrip(farmHost(2000));
    expect(report.created).toMatchObject({ domains: 2000, accounts: 4000, aliases: 2000 });
  }, 600_000);
});
