// Two-factor sign-in in the browser: a customer's login enrols an authenticator (the key from the page,
// the code computed as an app would), signs in with a code, signs in with a recovery code, and from that
// session ends the other one, whose next click is the login page. Then a reseller an admin requires it of
// is sent to set it up before anything else.
import type { Browser, Page } from '@playwright/test';
import { totpCode } from '../lib/auth/totp';
import { pageAs } from './logins';
import { expect, test } from './test';
import { createCustomer, createReseller, INITIAL_PASSWORD, unique } from './tenants';

const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

/** Email and password into the login form of a new browser: the page it lands on. */
async function passwordStep(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(INITIAL_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

async function giveCode(page: Page, code: string) {
  await expect(page.getByRole('heading', { name: 'Sign-in code' })).toBeVisible();
  // Nothing of the panel opens before the code.
  await page.goto('/domains');
  await expect(page).toHaveURL(/\/login\/code$/);
  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('enrol TOTP, sign in with a code, then with a recovery code, and end the other session', async ({ browser }) => {
  test.setTimeout(120_000);
  const u = unique('totp');
  const login = { name: `Careful ${u}`, email: `${u}@e2e.test` };
  const acme = await pageAs(browser, 'acme');
  await createCustomer(acme, login);
  await acme.context().close();

  // Enrol from "My account".
  const first = await passwordStep(browser, login.email);
  await expect(first.getByTestId('whoami')).toContainText(login.email);
  await first.goto('/profile');
  await expect(first.getByTestId('two-factor')).toContainText('Off');
  await first.getByRole('link', { name: 'Set up two-factor sign-in' }).click();
  const key = (await first.getByTestId('totp-key').innerText()).replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await first.getByLabel('Code from the app').fill('123456' === totpCode(key) ? '654321' : '123456');
  await first.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(first.locator('#field-code-error')).toContainText('does not match');
  await first.getByLabel('Code from the app').fill(totpCode(key));
  await first.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(first.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  const codes = (await first.getByTestId('recovery-codes').locator('li').allInnerTexts()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await first.getByRole('link', { name: 'I have saved them: continue' }).click();
  await expect(first.getByTestId('whoami')).toContainText(login.email);

  // Another browser: the password, then the code the app shows next (this step's was spent enrolling).
  const second = await passwordStep(browser, login.email);
  await giveCode(second, totpCode(key, later(30)));
  await expect(second.getByTestId('whoami')).toContainText(login.email);

  // A third: the phone is lost; a recovery code signs in, once.
  const third = await passwordStep(browser, login.email);
  await giveCode(third, codes[0]!);
  await expect(third.getByTestId('whoami')).toContainText(login.email);
  await third.goto('/profile');
  await expect(third.getByTestId('two-factor')).toContainText('9 of 10 recovery codes left');

  // From the third, end the second: its next click is the login page.
  const others = third.getByTestId('other-session');
  await expect(others).toHaveCount(2);
  await others.first().getByRole('button', { name: 'End' }).click();
  await expect(third.getByTestId('other-session')).toHaveCount(1);
  const ended = [first, second];
  let signedOut = 0;
  for (const page of ended) {
    await page.goto('/profile');
    if (/\/login$/.test(page.url())) signedOut++;
  }
  expect(signedOut).toBe(1);

  // The spent recovery code is refused at the next sign-in.
  const fourth = await passwordStep(browser, login.email);
  await expect(fourth.getByRole('heading', { name: 'Sign-in code' })).toBeVisible();
  await fourth.getByLabel('Code').fill(codes[0]!);
  await fourth.getByRole('button', { name: 'Sign in' }).click();
  await expect(fourth.locator('#field-code-error')).toContainText('not right');
  for (const page of [first, second, third, fourth]) await page.context().close();
});

test('a reseller whose admin requires it sets it up before anything else', async ({ browser }) => {
  test.setTimeout(120_000);
  const u = unique('must2fa');
  const reseller = { name: `Strict ${u}`, email: `${u}@e2e.test`, host: 'demo' };
  // A reseller of its own: requiring it of the demo's would stop every other spec's reseller login.
  const admin = await pageAs(browser, 'admin');
  await createReseller(admin, reseller);
  await admin.getByRole('link', { name: 'Edit reseller' }).click();
  await admin.getByLabel(/Require two-factor sign-in/).check();
  await admin.getByRole('button', { name: 'Save reseller' }).click();
  await expect(admin.getByRole('heading', { name: reseller.name })).toBeVisible();
  await admin.context().close();

  const page = await passwordStep(browser, reseller.email);
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  await expect(page.getByText('This login must use two-factor sign-in before it opens the panel.')).toBeVisible();
  await page.goto('/domains');
  await expect(page).toHaveURL(/\/two-factor$/);
  const key = (await page.getByTestId('totp-key').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code from the app').fill(totpCode(key));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  await expect(page.getByTestId('whoami')).toContainText(reseller.email);
  // Required: it cannot be turned off.
  await page.goto('/profile');
  await expect(page.getByTestId('two-factor')).toContainText('This login must use it.');
  await expect(page.getByTestId('two-factor-off-form')).toHaveCount(0);
  await page.context().close();
});
