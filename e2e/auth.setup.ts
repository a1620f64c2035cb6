// Signs in once per role through the real login form and keeps each session for the specs.
import { expect, test as setup, type Page } from '@playwright/test';
import { LOGINS, PASSWORD, stateFile, type Who } from './logins';

/**
 * Room under the demo reseller Acme, whose customers most specs make their domains, accounts and aliases
 * for. Its demo limits (20 domains) are a pool the specs share: side by side (`--workers 2`), whichever
 * spec came last in that run's order found it full (measured: "Your reseller limit of 20 domains is
 * reached." in tenants-manage.spec.ts). The admin raises them once, through the reseller form, as an
 * operator would for a growing reseller.
 */
const ACME_ROOM = { Domains: '1000', Accounts: '10000', Aliases: '10000', Virtmaps: '100000', 'Total quota (MiB)': '100000000' };

for (const who of Object.keys(LOGINS) as Who[]) {
  setup(`sign in as ${who}`, async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(LOGINS[who]);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('whoami')).toContainText(LOGINS[who]);
    await page.context().storageState({ path: stateFile(who) });
    if (who === 'admin') await giveAcmeRoom(page);
  });
}

async function giveAcmeRoom(admin: Page) {
  await admin.goto('/resellers');
  await admin.getByRole('link', { name: 'Acme Hosting', exact: true }).click();
  await admin.getByRole('link', { name: 'Edit reseller' }).click();
  for (const [label, value] of Object.entries(ACME_ROOM)) await admin.getByLabel(label, { exact: true }).fill(value);
  await admin.getByRole('button', { name: 'Save reseller' }).click();
  await expect(admin.getByRole('heading', { name: 'Acme Hosting' })).toBeVisible();
  await expect(admin.locator('dt', { hasText: /^Domains$/ }).locator('+ dd')).toHaveText('1,000');
}
