// A customer's lists: filter, tick two rows, one review for both, confirm, both changed; and the list as a
// CSV download with the same filters.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn, stateFile } from './logins';
import { keepScreenshot } from './screenshots';
import { createCustomer, INITIAL_PASSWORD, unique } from './tenants';

test.use({ storageState: stateFile('acme') });

async function addAccount(page: Page, name: string) {
  await page.goto('/accounts/new');
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Password').fill('Bulk-Garden-4711');
  await page.getByLabel('Quota (MiB)').fill('100');
  await page.getByRole('button', { name: 'Create account' }).click();
  const confirm = page.getByRole('button', { name: /^Confirm/ });
  const created = page.getByRole('heading', { name });
  await expect(confirm.or(created)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(created).toBeVisible();
}

test('a customer disables two accounts in one reviewed batch and downloads the filtered list', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const u = unique('bulk');
  const email = `${u}@demo.test`;
  await createCustomer(page, { name: `Bulk ${u}`, email });
  const customer = await signIn(browser, email, INITIAL_PASSWORD);
  for (const name of [`${u}-ann`, `${u}-bob`, `${u}-cid`]) await addAccount(customer, name);

  // Filter by search; tick ann and bob (not cid).
  await customer.goto('/accounts');
  await customer.getByRole('main').getByRole('searchbox').fill(u);
  await customer.getByRole('button', { name: 'Search' }).click();
  const rows = customer.getByRole('table', { name: 'Accounts' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await customer.getByRole('checkbox', { name: `Select ${u}-ann` }).check();
  await customer.getByRole('checkbox', { name: `Select ${u}-bob` }).check();
  await keepScreenshot(customer, 'customer', 'accounts-selected');
  await customer.getByRole('button', { name: 'Disable selected' }).click();

  // One review for the batch: both rows listed, nothing changed until confirmed.
  await expect(customer.getByRole('heading', { name: 'Disable 2 accounts' })).toBeVisible();
  const selected = customer.getByRole('table', { name: 'Selected' });
  await expect(selected.getByRole('row', { name: new RegExp(`${u}-ann`) })).toBeVisible();
  await expect(selected.getByRole('row', { name: new RegExp(`${u}-bob`) })).toBeVisible();
  await expect(selected.getByRole('row', { name: new RegExp(`${u}-cid`) })).toHaveCount(0);
  await customer.getByRole('button', { name: 'Review changes' }).click();
  await expect(customer.getByTestId('confirm-changes')).toBeVisible();
  await keepScreenshot(customer, 'customer', 'bulk-review');
  await customer.getByRole('button', { name: 'Disable 2 accounts' }).click();

  await expect(customer.getByRole('status').filter({ hasText: '2 accounts disabled' })).toBeVisible();
  await customer.goto(`/accounts?q=${u}&status=disabled`);
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: `${u}-cid` })).toHaveCount(0);
  await expect(customer.getByLabel('Status')).toHaveValue('disabled');

  // The CSV is the list as filtered: the two disabled accounts.
  const download = customer.waitForEvent('download');
  await customer.getByRole('link', { name: 'Download CSV' }).click();
  const file = await (await download).path();
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\r\n');
  expect(lines[0]).toBe('Account,Login address,Customer,Mail host,Quota (MiB),Status,Added');
  expect(
    lines
      .slice(1)
      .map((l) => l.split(',')[0])
      .sort(),
  ).toEqual([`${u}-ann`, `${u}-bob`]);
  expect(lines.slice(1).every((l) => l.includes(',disabled,'))).toBe(true);
});

test('support sees the lists without the bulk controls', async ({ browser }) => {
  const support = await (await browser.newContext({ storageState: stateFile('support') })).newPage();
  await support.goto('/accounts');
  await expect(support.getByRole('table', { name: 'Accounts' })).toBeVisible();
  await expect(support.getByRole('button', { name: 'Disable selected' })).toHaveCount(0);
  await expect(support.getByRole('link', { name: 'Download CSV' })).toBeVisible();
  const response = await support.goto('/accounts/bulk?op=disable&ids=00000000-0000-4000-8000-000000000000');
  expect(response?.status()).toBe(404);
});

test('before its script runs (JavaScript off), a form with a review posts to the server: no password in the address, and the bulk review still applies', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const u = unique('nojs');
  const email = `${u}@demo.test`;
  await createCustomer(page, { name: `NoJS ${u}`, email });
  const signedIn = await signIn(browser, email, INITIAL_PASSWORD);
  const state = await signedIn.context().storageState();
  await signedIn.context().close();
  const context = await browser.newContext({ storageState: state, javaScriptEnabled: false });
  const customer = await context.newPage();
  const addresses: string[] = [];
  customer.on('request', (r) => addresses.push(r.url()));

  // The new-account form, submitted without its script: a POST, never a GET with the password in the URL.
  const password = 'NoScript-Garden-4711';
  await customer.goto('/accounts/new');
  await customer.getByLabel('Account name').fill(`${u}-ann`);
  await customer.getByLabel('Password').fill(password);
  await customer.getByLabel('Quota (MiB)').fill('100');
  await customer.getByRole('button', { name: 'Create account' }).click();
  await customer.waitForLoadState();
  expect(addresses.filter((a) => a.includes(password) || a.includes('password='))).toEqual([]);
  // The server answered the form (its review, or the new account): it was not just the page again.
  const confirm = customer.getByRole('button', { name: /^Confirm/ });
  const created = customer.getByRole('heading', { name: `${u}-ann` });
  await expect(confirm.or(created)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(created).toBeVisible();

  // The bulk review: its first post shows the review, the second applies it.
  await customer.goto(`/accounts?q=${u}`);
  await customer.getByRole('checkbox', { name: `Select ${u}-ann` }).check();
  await customer.getByRole('button', { name: 'Disable selected' }).click();
  await expect(customer.getByRole('heading', { name: 'Disable 1 account' })).toBeVisible();
  await customer.getByRole('button', { name: 'Review changes' }).click();
  await customer.getByRole('button', { name: 'Disable 1 account' }).click();
  await customer.goto(`/accounts?q=${u}&status=disabled`);
  await expect(customer.getByRole('table', { name: 'Accounts' }).locator('tbody tr')).toHaveCount(1);
  await context.close();
});
