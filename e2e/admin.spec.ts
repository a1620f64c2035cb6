// The operator's part of the slice: a mail host, a reseller on it, and suspension taking effect on the
// suspended user's very next request.
import { expect, test } from './test';
import { LOGINS, signIn, stateFile } from './logins';
import { createReseller, INITIAL_PASSWORD, unique } from './tenants';

test.use({ storageState: stateFile('admin') });

test('an admin adds a mail host and a reseller that uses it', async ({ page }) => {
  const host = unique('mx');
  const reseller = `Charlie Mail ${unique('r')}`;
  await page.goto('/mail-hosts/new');
  await page.getByLabel('Name').fill('mx bad');
  await page.getByLabel('Map directory').fill('/etc/mail');
  await page.getByRole('button', { name: 'Add mail host' }).click();
  await expect(page.locator('#field-name-error')).toContainText('Use letters, digits, dots and hyphens');
  await page.getByLabel('Name').fill(host);
  await page.getByRole('button', { name: 'Add mail host' }).click();
  await expect(page).toHaveURL(/\/mail-hosts$/);
  await expect(page.getByRole('cell', { name: host, exact: true })).toBeVisible();

  await page.goto('/resellers/new');
  await page.getByLabel('Reseller name').fill(reseller);
  await page.getByLabel('Login email').fill(LOGINS.acme);
  await page.getByLabel('Initial password').fill('charlie password 1');
  await page.getByLabel(host, { exact: true }).check();
  await page.getByRole('button', { name: 'Create reseller' }).click();
  await expect(page.locator('#field-email-error')).toHaveText('That email address is already used by another login.');
  await page.getByLabel('Login email').fill(`${unique('charlie')}@demo.test`);
  await page.getByLabel('Initial password').fill('charlie password 1');
  await page.getByRole('button', { name: 'Create reseller' }).click();
  await expect(page.getByRole('heading', { name: reseller })).toBeVisible();
  await expect(page.getByText(host)).toBeVisible();
});

test('suspending a reseller ends its open session on the next request, for good', async ({ page, browser }) => {
  // A reseller of its own: suspending a demo reseller would end sessions that other specs are using.
  const name = `Suspended Mail ${unique('r')}`;
  const email = `${unique('suspended')}@demo.test`;
  await createReseller(page, { name, email, host: 'demo' });
  const reseller = await signIn(browser, email, INITIAL_PASSWORD);
  await reseller.goto('/domains');
  await expect(reseller.getByTestId('whoami')).toContainText(email);

  await page.goto(`/resellers?q=${encodeURIComponent(name)}`);
  await page.getByRole('link', { name }).click();
  // First a page that says what stops (its login and its customers'), then the button that does it.
  await page.getByRole('link', { name: 'Suspend reseller' }).click();
  await expect(page.getByTestId('suspension-impact')).toContainText(`1 panel login can no longer sign in, and open sessions end: ${email}`);
  await page.getByRole('button', { name: 'Suspend reseller' }).click();
  await expect(page.getByText("Reseller suspended: its logins and its customers' logins stop working at once.")).toBeVisible();

  await reseller.goto('/domains');
  await expect(reseller).toHaveURL(/\/login$/);

  // Reactivating does not bring the old session back (it ended for good); signing in again works.
  await page.getByRole('button', { name: 'Reactivate reseller' }).click();
  await expect(page.getByText('Reseller reactivated.')).toBeVisible();
  await reseller.goto('/domains');
  await expect(reseller).toHaveURL(/\/login$/);
  const again = await signIn(browser, email, INITIAL_PASSWORD);
  await again.goto('/domains');
  await expect(again.getByTestId('whoami')).toContainText(email);
});
