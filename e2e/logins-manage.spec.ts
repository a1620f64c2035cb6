// Logins people manage (issue 11): a user changes its own password on "My account" and signs in with it; a
// reseller resets its customer's login, and the customer must choose a new password at the next sign-in
// before anything else; a user ends another of its sessions, which is sent to the login page at its next
// click. Each test makes its own customer (acme's), so no demo login is signed out or changed.
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs } from './logins';
import { createCustomer, INITIAL_PASSWORD, unique } from './tenants';

const NEW_PASSWORD = 'copper lantern breezy walrus';
const CHOSEN_PASSWORD = 'violet tractor ninety marble';

/** A customer of acme's, made for this test only; returns its login email. */
async function ownCustomer(browser: Browser, keepOpen = false): Promise<{ email: string; acme: Page }> {
  const email = `${unique('logins')}@demo.test`;
  const acme = await pageAs(browser, 'acme');
  await createCustomer(acme, { name: `Logins ${unique('customer')}`, email });
  if (!keepOpen) await acme.context().close();
  return { email, acme };
}

/** A fresh browser (no session) that submits the login form; where it lands is the caller's to check. */
async function submitLogin(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

async function signedIn(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await submitLogin(browser, email, password);
  await expect(page.getByTestId('whoami')).toContainText(email);
  return page;
}

test('a user changes its own password (the old one required) and signs in with the new one', async ({ browser }) => {
  const { email } = await ownCustomer(browser);
  const page = await signedIn(browser, email, INITIAL_PASSWORD);
  await page.getByRole('link', { name: 'My account' }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  const form = page.getByTestId('own-password-form');

  await form.getByLabel('Current password').fill('not my password');
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('New password again').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('listitem').filter({ hasText: 'That is not your current password.' })).toBeVisible();

  await form.getByLabel('Current password').fill(INITIAL_PASSWORD);
  await form.getByLabel('New password', { exact: true }).fill('Password123456');
  await form.getByLabel('New password again').fill('Password123456');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('listitem').filter({ hasText: /too easy to guess/ })).toBeVisible();

  await form.getByLabel('Current password').fill(INITIAL_PASSWORD);
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('New password again').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByTestId('form-message')).toContainText('Your password is changed.');
  // This browser stays signed in.
  await page.getByRole('link', { name: 'Domains' }).first().click();
  await expect(page.getByTestId('whoami')).toContainText(email);
  await page.context().close();

  const refused = await submitLogin(browser, email, INITIAL_PASSWORD);
  await expect(refused.getByTestId('form-message')).toHaveText('That email and password do not match an active login.');
  await refused.context().close();
  await (await signedIn(browser, email, NEW_PASSWORD)).context().close();
});

test("a reseller resets its customer's login; the customer must choose a new password before anything else", async ({ browser }) => {
  const { email, acme } = await ownCustomer(browser, true);
  const before = await signedIn(browser, email, INITIAL_PASSWORD);

  // acme is left on the new customer's page.
  const logins = acme.getByTestId('reset-logins');
  await logins.getByRole('button', { name: 'Reset password…' }).click();
  await logins.getByRole('button', { name: 'Reset password', exact: true }).click();
  const given = (await logins.getByTestId('temporary-password').textContent())?.trim() ?? '';
  expect(given).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await acme.context().close();

  // The customer's open session ended with the reset.
  await before.getByRole('link', { name: 'Domains' }).first().click();
  await expect(before).toHaveURL(/\/login$/);
  await before.context().close();

  const page = await submitLogin(browser, email, given);
  await expect(page).toHaveURL(/\/choose-password$/);
  await page.goto('/domains');
  await expect(page).toHaveURL(/\/choose-password$/);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();

  const form = page.getByTestId('choose-password-form');
  await form.getByLabel('New password', { exact: true }).fill(given);
  await form.getByLabel('New password again').fill(given);
  await form.getByRole('button', { name: 'Set password' }).click();
  await expect(form.getByRole('listitem').filter({ hasText: 'Choose a password other than the one you were given.' })).toBeVisible();

  await form.getByLabel('New password', { exact: true }).fill(CHOSEN_PASSWORD);
  await form.getByLabel('New password again').fill(CHOSEN_PASSWORD);
  await form.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your new password is set.' })).toBeVisible();
  await page.goto('/domains');
  await expect(page).toHaveURL(/\/domains$/);
  await expect(page.getByTestId('whoami')).toContainText(email);
  await page.context().close();

  await (await signedIn(browser, email, CHOSEN_PASSWORD)).context().close();
});

test('a user ends another of its sessions; that browser is sent to the login page at its next click', async ({ browser }) => {
  const { email } = await ownCustomer(browser);
  const laptop = await signedIn(browser, email, INITIAL_PASSWORD);
  const phone = await signedIn(browser, email, INITIAL_PASSWORD);

  await laptop.goto('/profile');
  await expect(laptop.getByTestId('this-session')).toContainText('this browser');
  await expect(laptop.getByTestId('other-session')).toHaveCount(1);
  await laptop.getByTestId('other-session').getByRole('button', { name: 'End' }).click();
  await expect(laptop.getByRole('status').filter({ hasText: 'The session is ended.' })).toBeVisible();
  await expect(laptop.getByTestId('other-session')).toHaveCount(0);

  await phone.getByRole('link', { name: 'Domains' }).first().click();
  await expect(phone).toHaveURL(/\/login$/);
  // The laptop is still signed in.
  await laptop.getByRole('link', { name: 'Domains' }).first().click();
  await expect(laptop.getByTestId('whoami')).toContainText(email);
  await laptop.context().close();
  await phone.context().close();
});
