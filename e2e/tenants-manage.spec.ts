// Managing tenants: a reseller edits a customer (its limits, and whether it adds its own domains), the
// customer adds and deletes its own domain, suspending says what stops before it acts, and the new-customer
// form keeps a typed password and flags every problem, an empty password too, in the first round.
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn, stateFile } from './logins';
import { createCustomer, INITIAL_PASSWORD, unique } from './tenants';

test.use({ storageState: stateFile('acme') });

/** A new customer of acme, its page's id. */
async function newCustomer(page: Page) {
  const name = unique('Managed');
  const email = `${unique('managed')}@demo.test`;
  await createCustomer(page, { name, email });
  const id = new URL(page.url()).pathname.split('/').pop() ?? '';
  return { name, email, id };
}

test("a reseller edits a customer's limits, and the customer sees them", async ({ page, browser }) => {
  const customer = await newCustomer(page);
  await page.getByRole('link', { name: 'Edit customer' }).click();
  await page.getByLabel('Domains', { exact: true }).fill('0');
  await page.getByLabel('Aliases', { exact: true }).fill('7');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('status')).toContainText('Customer saved.');
  await expect(page.locator('dt', { hasText: /^Aliases$/ }).locator('+ dd')).toHaveText('7');
  // Valid <dl> markup (axe "definition-list"): only <dt>, <dd> or <div> straight inside it.
  const strays = await page
    .locator('dl > *')
    .evaluateAll((els) => els.map((e) => e.tagName).filter((t) => !['DT', 'DD', 'DIV'].includes(t)));
  expect(strays).toEqual([]);

  const own = await signIn(browser, customer.email, INITIAL_PASSWORD);
  await own.goto(`/customers/${customer.id}`);
  await expect(own.locator('dt', { hasText: /^Aliases$/ }).locator('+ dd')).toHaveText('7');
  await expect(own.locator('dt', { hasText: /^Domains$/ }).locator('+ dd')).toHaveText('0');
});

test('a customer adds and deletes its own domain once its reseller allows it', async ({ page, browser }) => {
  const customer = await newCustomer(page);
  const own = await signIn(browser, customer.email, INITIAL_PASSWORD);
  await own.goto('/domains');
  await expect(own.getByRole('link', { name: 'Add domain' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Edit customer' }).click();
  await page.getByLabel(/May add and delete its own domains/).check();
  await page.getByRole('group', { name: 'Hosts it may add its own domains on' }).getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('status')).toContainText('Customer saved.');

  const domain = `${unique('own')}.example`;
  await own.goto('/domains');
  await own.getByRole('link', { name: 'Add domain' }).click();
  await own.getByLabel('Domain name').fill(domain);
  await own.getByRole('button', { name: 'Add domain' }).click();
  await expect(own.getByRole('heading', { name: domain })).toBeVisible();
  await own.getByLabel(`Type ${domain} to confirm`).fill(domain);
  await own.getByRole('button', { name: 'Delete domain' }).click();
  await expect(own.getByRole('status')).toContainText(`Domain ${domain} deleted.`);
});

test('suspending a customer says what stops before it acts', async ({ page }) => {
  const customer = await newCustomer(page);
  await page.getByRole('link', { name: 'Suspend customer' }).click();
  await expect(page.getByTestId('suspension-impact')).toContainText(
    `1 panel login can no longer sign in, and open sessions end: ${customer.email}`,
  );
  await expect(page.getByText('Mail keeps flowing')).toBeVisible();
  // Nothing has happened yet.
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByText('Active', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Suspend customer' }).click();
  await page.getByRole('button', { name: 'Suspend customer' }).click();
  await expect(page.getByRole('status')).toContainText('Customer suspended');
  await expect(page.getByText('Suspended', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Reactivate customer' }).click();
  await expect(page.getByText('Customer reactivated.')).toBeVisible();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();
});

test('a failed create keeps the typed password and flags an empty one in the first round', async ({ page }) => {
  await page.goto('/customers/new');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.locator('#field-name-error')).toHaveText('Enter a customer name.');
  await expect(page.locator('#field-email-error')).toHaveText('Enter an email address.');
  await expect(page.locator('#field-password-error')).toHaveText('Enter a password.');

  await page.getByLabel('Customer name').fill(unique('Kept'));
  await page.getByLabel('Login email').fill('not an address');
  await page.getByLabel('Initial password').fill('a typed password 1');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.locator('#field-email-error')).toBeVisible();
  await expect(page.locator('#field-password-error')).toHaveCount(0);
  await expect(page.getByLabel('Initial password')).toHaveValue('a typed password 1');
});
