// Signs in once per role through the real login form and keeps each session for the specs.
import { expect, test as setup } from '@playwright/test';
import { LOGINS, PASSWORD, stateFile, type Who } from './logins';

for (const who of Object.keys(LOGINS) as Who[]) {
  setup(`sign in as ${who}`, async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(LOGINS[who]);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('whoami')).toContainText(LOGINS[who]);
    await page.context().storageState({ path: stateFile(who) });
  });
}
