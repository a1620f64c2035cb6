// The operator's part of the slice: a mail host, a reseller on it, and suspension taking effect on the
// suspended user's very next request.
import { expect, test } from '@playwright/test';
import { LOGINS, stateFile } from './logins';

test.use({ storageState: stateFile('admin') });

test('an admin adds a mail host and a reseller that uses it', async ({ page }) => {
  await page.goto('/mail-hosts/new');
  await page.getByLabel('Name').fill('mx bad');
  await page.getByLabel('Map directory').fill('/etc/mail');
  await page.getByRole('button', { name: 'Add mail host' }).click();
  await expect(page.locator('#field-name-error')).toContainText('Use letters, digits, dots and hyphens');
  await page.getByLabel('Name').fill('mx2');
  await page.getByRole('button', { name: 'Add mail host' }).click();
  await expect(page).toHaveURL(/\/mail-hosts$/);
  await expect(page.getByRole('cell', { name: 'mx2', exact: true })).toBeVisible();

  await page.goto('/resellers/new');
  await page.getByLabel('Reseller name').fill('Charlie Mail');
  await page.getByLabel('Login email').fill(LOGINS.acme);
  await page.getByLabel('Initial password').fill('charlie password 1');
  await page.getByLabel('mx2').check();
  await page.getByRole('button', { name: 'Create reseller' }).click();
  await expect(page.locator('#field-email-error')).toHaveText('That email address is already used by another login.');
  await page.getByLabel('Login email').fill('charlie@demo.test');
  await page.getByLabel('Initial password').fill('charlie password 1');
  await page.getByRole('button', { name: 'Create reseller' }).click();
  await expect(page.getByRole('heading', { name: 'Charlie Mail' })).toBeVisible();
  await expect(page.getByText('mx2')).toBeVisible();
});

test('suspending a reseller ends its open session on the next request', async ({ page, browser }) => {
  const bravo = await (await browser.newContext({ storageState: stateFile('bravo') })).newPage();
  await bravo.goto('/domains');
  await expect(bravo.getByTestId('whoami')).toContainText(LOGINS.bravo);

  await page.goto('/resellers?q=Bravo');
  await page.getByRole('link', { name: 'Bravo Networks' }).click();
  await page.getByRole('button', { name: 'Suspend reseller' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Reseller suspended');

  await bravo.goto('/domains');
  await expect(bravo).toHaveURL(/\/login$/);

  await page.getByRole('button', { name: 'Reactivate reseller' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Reseller reactivated');
  await bravo.goto('/domains');
  await expect(bravo.getByTestId('whoami')).toContainText(LOGINS.bravo);
});
