// A customer's journey over the slices of its panel: its overview, a change and its undo from the
// object's history, a bulk disable with one review, and finding one of its addresses from the search box.
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs, signIn } from './logins';
import { keepScreenshot } from './screenshots';
import { focusSearchWithSlash } from './search-box';
import { addDomain, approveDomain, createCustomer, INITIAL_PASSWORD, unique } from './tenants';

async function addAccount(page: Page, name: string, domain: string) {
  await page.goto('/accounts/new');
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Password').fill('Journey-Garden-4711');
  await page.getByLabel('Also create its address').selectOption({ label: `${name}@${domain}` });
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

test('a customer: overview, history and undo, bulk disable, search by address', async ({ browser }) => {
  test.setTimeout(300_000);
  const u = unique('cj');
  const customer = { name: `Journey ${u}`, email: `${u}@e2e.test` };
  const domain = `${u}.example`;
  const acme = await pageAs(browser, 'acme');
  await createCustomer(acme, customer);
  await addDomain(acme, domain, customer.name);
  await acme.context().close();
  const admin = await pageAs(browser, 'admin');
  await approveDomain(admin, domain);
  await admin.context().close();

  // Overview: its mail against its limits, whether it is live, the common tasks.
  const page = await signIn(browser, customer.email, INITIAL_PASSWORD);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: customer.name, level: 1 })).toBeVisible();
  await expect(page.getByRole('meter', { name: 'Domains' })).toHaveAttribute('aria-valuenow', '1');
  await expect(page.getByTestId('live-state')).toBeVisible();
  const tasks = page.getByRole('navigation', { name: 'Common tasks' });
  await expect(tasks.getByRole('link', { name: 'Add account' })).toBeVisible();
  await expect(tasks.getByRole('link', { name: 'Where does mail go?' })).toBeVisible();
  await keepScreenshot(page, 'customer', 'overview');

  // A change and its undo, from the alias's history.
  await page.goto('/aliases/new');
  await page.getByLabel('Alias name').fill('sales');
  await page.getByLabel('Targets').fill('first@example.net');
  await page.getByRole('button', { name: 'Create alias' }).click();
  const confirm = page.getByRole('button', { name: 'Confirm and save' });
  await expect(page.getByTestId('confirm-changes').or(page.getByTestId('alias-targets'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByTestId('alias-targets')).toContainText('sales → first@example.net');
  await page.getByLabel('Targets').fill('second@example.net');
  await page.getByRole('button', { name: 'Save targets' }).click();
  await page.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByText('Alias saved. Waiting for sync.')).toBeVisible();
  await page.reload();
  const newest = page.getByTestId('object-history').getByTestId('history-entry').first();
  await expect(newest).toContainText('targets: first@example.net → second@example.net');
  await keepScreenshot(page, 'customer', 'alias-page');
  await newest.getByRole('link', { name: 'Undo this change' }).click();
  await page.getByRole('button', { name: 'Undo this change' }).click();
  await page.getByRole('button', { name: 'Confirm undo' }).click();
  await expect(page.getByTestId('alias-targets')).toContainText('sales → first@example.net');

  // Bulk disable: two accounts, one review.
  await addAccount(page, `${u}-ann`, domain);
  await addAccount(page, `${u}-bob`, domain);
  await page.goto(`/accounts?q=${u}`);
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await page.getByRole('button', { name: 'Disable selected' }).click();
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('button', { name: 'Disable 2 accounts' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 accounts disabled' })).toBeVisible();
  await keepScreenshot(page, 'customer', 'accounts');

  // Search by address from the top bar.
  await page.goto('/');
  await focusSearchWithSlash(page);
  await page.keyboard.type(`${u}-ann@${domain}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const accounts = page.getByTestId('results-accounts');
  await expect(accounts.getByRole('heading')).toContainText('(1)');
  await keepScreenshot(page, 'customer', 'search');
  await accounts.getByRole('link', { name: `${u}-ann`, exact: true }).click();
  await expect(page.getByRole('heading', { name: `${u}-ann` })).toBeVisible();
});
