// The demo logins the e2e run signs in with (seeded by `npm start` on a fresh database), and the two ways a
// spec gets a page for someone: a saved session (e2e/auth.setup.ts) or a fresh sign-in through the form.
import { expect, type Browser, type Page } from '@playwright/test';

export const PASSWORD = 'mailpanel-demo';

export const LOGINS = {
  admin: 'admin@demo.test',
  support: 'support@demo.test',
  acme: 'acme@demo.test',
  bravo: 'bravo@demo.test',
  subhost1: 'subhost1@demo.test',
} as const;

export type Who = keyof typeof LOGINS;

export const stateFile = (who: Who) => `e2e/.auth/${who}.json`;

/**
 * A page in a new context with a demo login's saved session. No spec signs these logins out or suspends
 * them, or resets or ends their sessions: a spec that needs that makes a login of its own.
 */
export async function pageAs(browser: Browser, who: Who): Promise<Page> {
  const context = await browser.newContext({ storageState: stateFile(who) });
  return context.newPage();
}

/** A page in a new context, signed in through the real login form. */
export async function signIn(browser: Browser, email: string, password = PASSWORD): Promise<Page> {
  // Explicitly no session: a new context would otherwise take the spec's `test.use({ storageState })`.
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('whoami')).toContainText(email);
  return page;
}
