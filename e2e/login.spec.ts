import { expect, test } from './test';
import { LOGINS, pageAs } from './logins';
import { createCustomer, INITIAL_PASSWORD, unique } from './tenants';

test('a visitor without a session is sent to the login page', async ({ page }) => {
  await page.goto('/domains');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'mailpanel' })).toBeVisible();
});

test('a wrong password gets a clear message and no session', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(LOGINS.acme);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-message')).toHaveText('That email and password do not match an active login.');
  await expect(page.getByLabel('Email')).toHaveValue(LOGINS.acme);
  await page.goto('/domains');
  await expect(page).toHaveURL(/\/login$/);
});

test('an empty form is refused field by field', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
});

test('signing out ends the session', async ({ page, browser }) => {
  // A login of its own: signing out ends every session of that user, and other specs are using the demo
  // logins' saved sessions.
  const email = `${unique('sign-out')}@demo.test`;
  const acme = await pageAs(browser, 'acme');
  await createCustomer(acme, { name: `Sign-out ${unique('customer')}`, email });
  await acme.context().close();

  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(INITIAL_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('whoami')).toContainText(email);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});
