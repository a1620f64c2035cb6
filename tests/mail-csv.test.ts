// The mail CSV through the data layer against a real PostgreSQL: the export of a tenant imported again
// changes nothing; new rows are created (checked first, all or nothing); a row that differs from what
// exists, or names another tenant's customer, is a problem of its row and nothing is written.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { DomainError } from '../lib/data/errors';
import { mailCsvRows } from '../lib/data/mail-csv-export';
import { importMailCsv } from '../lib/data/mail-csv-import';
import { createAccount } from '../lib/data/accounts';
import { createAlias } from '../lib/data/aliases';
import { MAIL_CSV_COLUMNS } from '../lib/mail/mail-csv';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput } from '../lib/validation/mail-objects';
import { csvLine } from '../lib/web/csv';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();
const ok = { confirm: () => true };

async function exportOf(actor: Parameters<typeof mailCsvRows>[0]): Promise<string> {
  let text = csvLine(MAIL_CSV_COLUMNS);
  for await (const row of mailCsvRows(actor)) text += csvLine(row);
  return text;
}

describe('mail CSV', () => {
  it('exports a tenant, imports the same rows as a no-op, creates new rows, and refuses a file with a problem', async () => {
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    const reseller = await makeReseller(admin, [host.id]);
    const customer = await makeCustomer(reseller.actor);
    const domain = await makeDomain(reseller.actor, customer.id, host.id);
    await createAccount(
      customer.actor,
      AccountInput.parse({ name: 'joe', password: 'a good long password', quotaMb: '10', mailHostId: host.id, addressDomainId: domain.id }),
      ok,
    );
    await createAlias(customer.actor, AliasInput.parse({ name: 'sales', targets: 'joe, boss@partner.example', mailHostId: host.id }), ok);

    const text = await exportOf(customer.actor);
    expect(text.split('\r\n').filter(Boolean)).toEqual([
      MAIL_CSV_COLUMNS.join(','),
      `account,${host.name},${customer.name},joe,,joe@${domain.name},10,yes`,
      `alias,${host.name},${customer.name},sales,,"joe, boss@partner.example",,`,
      `virtmap,${host.name},${customer.name},joe,${domain.name},joe,,`,
    ]);
    const seq = async () => (await db().mailHost.findUniqueOrThrow({ where: { id: host.id } })).changeSeq;
    const before = await seq();
    expect(await importMailCsv(customer.actor, text, false)).toMatchObject({
      applied: true,
      unchanged: 3,
      created: { accounts: 0, aliases: 0, virtmaps: 0 },
    });
    expect(await seq()).toBe(before);

    const more = `${text}alias,${host.name},${customer.name},team,,"sales, \\joe",,\r\nvirtmap,${host.name},${customer.name},,${domain.name},error:nouser No such user,,\r\n`;
    expect(await importMailCsv(customer.actor, more, true)).toMatchObject({
      dryRun: true,
      applied: false,
      created: { aliases: 1, virtmaps: 1 },
    });
    expect(await db().alias.count({ where: { customerId: customer.id } })).toBe(1);
    expect(await importMailCsv(customer.actor, more, false)).toMatchObject({
      applied: true,
      unchanged: 3,
      created: { aliases: 1, virtmaps: 1 },
    });
    expect(await db().alias.count({ where: { customerId: customer.id } })).toBe(2);
    expect(await seq()).toBeGreaterThan(before);
    expect(await exportOf(customer.actor)).toContain(`alias,${host.name},${customer.name},team,,"sales, \\joe",,`);

    // A changed quota, and another tenant's customer: each a problem of its row; nothing is written.
    const other = await makeCustomer(reseller.actor);
    const bad = `${text.replace(',10,yes', ',20,yes')}alias,${host.name},${other.name},intruder,,joe,,\r\n`;
    const refused = importMailCsv(customer.actor, bad, false);
    await expect(refused).rejects.toThrow(DomainError);
    const error = (await refused.catch((e: unknown) => e)) as DomainError;
    expect(error.fieldErrors?.file_csv).toEqual([
      'Row 2: The account joe exists with other values; change it on its page (a CSV only creates).',
      `Row 5: No customer called "${other.name}".`,
    ]);
    expect(await db().alias.count({ where: { name: 'intruder' } })).toBe(0);
  });

  it('refuses accounts whose quotas would take the customer over its total, in the dry run too, and writes nothing', async () => {
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    const reseller = await makeReseller(admin, [host.id]);
    const customer = await makeCustomer(reseller.actor, { maxQuotaMb: 100 });
    const rows = (quotas: number[]) =>
      csvLine(MAIL_CSV_COLUMNS) + quotas.map((q, i) => `account,${host.name},${customer.name},box${i},,,${q},yes\r\n`).join('');
    for (const dryRun of [true, false]) {
      const refused = await importMailCsv(customer.actor, rows([60, 50]), dryRun).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as Error).message).toContain(`over its total of 100 MiB`);
    }
    expect(await db().account.count({ where: { customerId: customer.id } })).toBe(0);
    expect(await importMailCsv(customer.actor, rows([60, 40]), false)).toMatchObject({ applied: true, created: { accounts: 2 } });
  });
});
