// The lists as a reseller uses them: sorted by a column, with a total, an account found by its address, an
// IDN domain found and shown by its Unicode name; and the audit log in words, filtered and paged both ways.
import { domainToASCII } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs, stateFile } from './logins';
import { createCustomer, unique } from './tenants';

test.use({ storageState: stateFile('acme') });

/** A domain for the customer, by its name as typed; returns its id (its page's heading is not relied on). */
async function addDomain(page: Page, name: string, customer: string): Promise<string> {
  await page.goto('/domains/new');
  await page.getByLabel('Domain name').fill(name);
  await page.getByLabel('Customer').selectOption({ label: customer });
  await page.getByRole('button', { name: 'Add domain' }).click();
  await page.waitForURL(/\/domains\/[0-9a-f-]{36}/);
  return /\/domains\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
}

/** An account of the customer with its address on one of its domains, confirmed. */
async function addAccount(page: Page, customer: string, account: { name: string; quotaMb: number; domainId: string }) {
  await page.goto('/accounts/new');
  await page.getByLabel('Customer').selectOption({ label: customer });
  await page.getByLabel('Account name').fill(account.name);
  await page.getByLabel('Password').fill('Lists-Garden-4711');
  await page.getByLabel('Quota (MiB)').fill(String(account.quotaMb));
  await page.getByLabel('Also create its address').selectOption({ value: account.domainId });
  await page.getByRole('button', { name: 'Create account' }).click();
  // The review asks only when an address changes where it goes (not on a domain still waiting for proof).
  const confirm = page.getByRole('button', { name: /^Confirm/ });
  const created = page.getByRole('heading', { name: account.name });
  await expect(confirm.or(created)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(created).toBeVisible();
}

const accountRows = (page: Page) => page.getByRole('table', { name: 'Accounts' }).locator('tbody tr');

test('a reseller sorts, counts and searches its lists, IDN names in Unicode', async ({ page }) => {
  test.setTimeout(180_000); // a customer, two domains and two accounts of its own first
  const u = unique('l');
  const customer = `Lists ${u}`;
  const idn = `bücher-${u}.example`;
  const plain = `${u}.example`;
  await createCustomer(page, { name: customer, email: `${u}@demo.test` });
  const idnId = await addDomain(page, idn, customer);
  const plainId = await addDomain(page, plain, customer);
  await addAccount(page, customer, { name: `${u}-ann`, quotaMb: 300, domainId: idnId });
  await addAccount(page, customer, { name: `${u}-bob`, quotaMb: 100, domainId: plainId });

  // The total, and a sort by quota: ascending first, then the other way.
  await page.goto(`/accounts?q=${u}`);
  await expect(page.getByTestId('list-total')).toHaveText(`2 accounts match “${u}”`);
  await page.getByRole('link', { name: /^Quota/ }).click();
  await expect(page).toHaveURL(/sort=quota/);
  await expect(accountRows(page).first()).toContainText(`${u}-bob`);
  await expect(page.getByRole('columnheader', { name: /Quota/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('link', { name: /^Quota/ }).click();
  await expect(page).toHaveURL(/sort=-quota/);
  await expect(accountRows(page).first()).toContainText(`${u}-ann`);
  await expect(page.getByRole('columnheader', { name: /Quota/ })).toHaveAttribute('aria-sort', 'descending');

  // An account found by its address, typed with the Unicode domain; its login reads in Unicode.
  await page.getByRole('main').getByRole('searchbox').fill(`${u}-ann@bücher-${u}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('list-total')).toHaveText(/^1 account matches/);
  await expect(accountRows(page)).toHaveCount(1);
  await expect(accountRows(page).first()).toContainText(`${u}-ann@${idn}`);
  // The sort stays while searching.
  await expect(page).toHaveURL(/sort=-quota/);

  // The table scrolls inside a region the keyboard reaches.
  // (The box is named by the table's caption, not by a label of its own: see components/ui/data-table.tsx.)
  const region = page.getByRole('table', { name: 'Accounts' }).locator('xpath=..');
  await expect(region).toHaveAttribute('tabindex', '0');

  // The IDN domain found by its Unicode name, shown in Unicode with its A-label beside it; another
  // reseller's bücher-ecke.example is not.
  await page.goto('/domains');
  await page.getByRole('main').getByRole('searchbox').fill('bücher');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: idn, exact: true })).toBeVisible();
  await expect(page.getByText(domainToASCII(idn), { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /bücher-ecke/ })).toHaveCount(0);

  // The audit log in words, filtered to this test's accounts, each linked to its page.
  await page.goto('/audit');
  await page.getByLabel('Kind').selectOption({ label: 'Accounts' });
  await page.getByLabel('Who').fill('acme@demo.test');
  await page.getByLabel('Object').fill(u);
  await page.getByRole('button', { name: 'Filter' }).click();
  const events = page.getByTestId('audit-event');
  await expect(events).toHaveCount(2);
  await expect(events.first()).toContainText(`acme@demo.test created account ${u}-bob`);
  await expect(events.nth(1)).toContainText('quota: 300 MiB');
  await page.getByRole('link', { name: `${u}-ann@${idn}` }).click();
  await expect(page.getByRole('heading', { name: `${u}-ann` })).toBeVisible();

  // The domain's event names it in Unicode, found by a part of its Unicode name.
  await page.goto(`/audit?q=${encodeURIComponent(`bücher-${u}`)}`);
  await expect(events.filter({ hasText: `created domain ${idn}` })).toHaveCount(1);
});

test('the audit log pages to older events and back to newer ones', async ({ browser, page }) => {
  test.setTimeout(240_000); // alone on a fresh run, it makes up to a page of events first
  const admin = await pageAs(browser, 'admin');
  await admin.goto('/audit');
  const events = admin.getByTestId('audit-event');
  // On a fresh run the log may hold no more than a page of events (50): this test makes the rest itself.
  if ((await admin.getByRole('link', { name: 'Older events →' }).count()) === 0) {
    for (let missing = 51 - (await events.count()); missing > 0; missing -= 1) {
      const u = unique('lp');
      await createCustomer(page, { name: `Paging ${u}`, email: `${u}@demo.test` });
    }
    await admin.reload();
  }
  await expect(events).toHaveCount(50);
  const lastOfFirst = (await events.last().textContent()) ?? '';
  await admin.getByRole('link', { name: 'Older events →' }).click();
  await expect(admin).toHaveURL(/older=\d+/);
  await expect(admin.getByRole('link', { name: '← Newer events' })).toBeVisible();
  await expect(events.first()).not.toHaveText(lastOfFirst);
  await admin.getByRole('link', { name: '← Newer events' }).click();
  await expect(admin).toHaveURL(/newer=\d+/);
  await expect(events).toHaveCount(50);
  await expect(events.last()).toHaveText(lastOfFirst);
});
