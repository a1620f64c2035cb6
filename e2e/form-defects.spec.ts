// Defects found by trying the mail forms (issue 11), where only a browser shows them: what a button says
// and does, where an error appears, what a page answers, and a confirmation that works without JavaScript.
// Each test makes its own domains and names (e2e/tenants.ts), so they run in any order.
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs, stateFile } from './logins';
import { addDomain, approveDomain, unique } from './tenants';

test.use({ storageState: stateFile('subhost1') });

/** A domain of Subhost One's that takes mail, made by its reseller and approved by an operator. */
async function provenDomain(browser: Browser, name: string): Promise<string> {
  const acme = await pageAs(browser, 'acme');
  await addDomain(acme, name, 'Subhost One');
  const id = new URL(acme.url()).pathname.split('/').pop() ?? '';
  await acme.context().close();
  const admin = await pageAs(browser, 'admin');
  await approveDomain(admin, name);
  await admin.context().close();
  return id;
}

/** Submits a reviewed form, and confirms when the review asks (it asks only when addresses change). */
async function checkAndSave(page: Page, form: Locator, button = 'Check and save') {
  await form.getByRole('button', { name: button }).click();
  const review = form.getByTestId('confirm-changes');
  const saved = page.getByRole('status').filter({ hasText: /saved|created/ });
  await expect(review.or(saved).first()).toBeVisible();
  if (await review.isVisible()) await form.getByRole('button', { name: 'Confirm and save' }).click();
}

async function addVirtmap(page: Page, domainId: string, domain: string, localPart: string, target: string) {
  await page.goto(`/domains/${domainId}`);
  const add = page.getByTestId('add-virtmap');
  // Open already when the domain has no addresses yet.
  if (!(await add.evaluate((d) => (d as HTMLDetailsElement).open)))
    await add.getByText('Add an address, a catch-all or a rejection').click();
  await add.getByLabel(`Address (the part before @${domain})`).fill(localPart);
  await add.getByLabel('Deliver to').fill(target);
  await checkAndSave(page, add);
  await expect(page.getByRole('status').filter({ hasText: 'saved' })).toBeVisible();
}

test('"Disable domain" first says what stops, and works without JavaScript', async ({ browser }) => {
  const domain = `${unique('disable')}.example`;
  const id = await provenDomain(browser, domain);
  const context = await browser.newContext({ storageState: stateFile('acme'), javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/domains/${id}`);
  await page.getByRole('link', { name: 'Disable domain…' }).click();
  const impact = page.getByTestId('disable-impact');
  await expect(impact).toContainText(/\d+ accounts? and \d+ alias(es)? \(name@/);
  await expect(impact).toContainText('0 virtmaps');
  // Looking is not doing: still enabled.
  await expect(page.getByText('Enabled', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Disable ${domain}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Domain disabled' })).toBeVisible();
  await expect(page.getByText('Disabled', { exact: true })).toBeVisible();
  await context.close();
});

test('deleting a virtmap says what the button deletes, then that it is deleted', async ({ page, browser }) => {
  const domain = `${unique('vdel')}.example`;
  const id = await provenDomain(browser, domain);
  await addVirtmap(page, id, domain, 'helpdesk', 'joe');
  const row = page
    .getByTestId('virtmaps')
    .getByRole('listitem')
    .filter({ hasText: `helpdesk@${domain}` });
  await row.getByRole('button', { name: `Delete helpdesk@${domain}…` }).click();
  const confirm = row.getByRole('button', { name: `Delete helpdesk@${domain}`, exact: true });
  await expect(confirm).toHaveClass(/bg-red-700/); // styled as destructive
  await expect(row.getByRole('button', { name: 'Confirm and save' })).toHaveCount(0);
  await confirm.click();
  await expect(page.getByRole('status').filter({ hasText: `helpdesk@${domain} deleted` })).toBeVisible();
  await expect(page.getByText(`helpdesk@${domain} →`)).toHaveCount(0);
});

test('a new account starts on a domain that takes mail for accounts, and is deleted with its address', async ({ page, browser }) => {
  // A redirect domain whose name sorts before every other of Subhost One's: "0-…".
  const redirect = `0-${unique('redirect')}.example`;
  const redirectId = await provenDomain(browser, redirect);
  await addVirtmap(page, redirectId, redirect, '', '%1@subhost1.example');
  await expect(page.getByTestId('virtmaps')).toContainText(`@${redirect} → %1@subhost1.example`);

  const name = unique('alice');
  await page.goto('/accounts/new');
  await page.getByLabel('Account name').fill(name);
  const address = page.getByLabel('Also create its address');
  await expect(address.locator('option', { hasText: `${name}@${redirect}` })).toHaveCount(1);
  const chosen = (await address.locator('option:checked').textContent()) ?? '';
  expect(chosen).toMatch(new RegExp(`^${name}@`));
  expect(chosen).not.toContain(redirect);
  await page.getByLabel('Password').fill('Winter-Garden-42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('account-addresses')).toHaveText(chosen);

  // Deleting it: one review lists its address going with it, one click deletes both.
  await page.getByRole('button', { name: `Delete ${name}…` }).click();
  await expect(page.getByTestId('confirm-changes')).toContainText(`Its address goes with it: ${chosen}.`);
  await page.getByRole('button', { name: `Delete ${name} and its address` }).click();
  await expect(page).toHaveURL(/\/accounts\?deleted=/);
  await expect(page.getByRole('status')).toContainText(`Account ${name} deleted`);
});

test('an alias loop is shown next to Targets', async ({ page }) => {
  const first = unique('ring');
  const second = unique('ring');
  const pages: string[] = [];
  const made: [string, string][] = [
    [first, 'joe'],
    [second, first],
  ];
  for (const [name, target] of made) {
    await page.goto('/aliases/new');
    await page.getByLabel('Alias name').fill(name);
    await page.getByLabel('Targets').fill(target);
    await page.getByRole('button', { name: 'Create alias' }).click();
    const review = page.getByTestId('confirm-changes');
    await expect(review.or(page.getByRole('heading', { name }))).toBeVisible();
    if (await review.isVisible()) await page.getByRole('button', { name: 'Confirm and save' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    pages.push(new URL(page.url()).pathname);
  }
  // The first alias sent on to the second, which sends to the first: a loop.
  await page.goto(pages[0] ?? '/aliases');
  await page.getByLabel('Targets').fill(second);
  await page.getByRole('button', { name: 'Save targets' }).click();
  await expect(page.locator('#field-targets-error')).toContainText('Alias loop');
  await expect(page.getByLabel('Targets')).toHaveAttribute('aria-invalid', 'true');
  const targetsForm = page.locator('form').filter({ has: page.getByLabel('Targets') });
  await expect(targetsForm.getByTestId('form-message')).toContainText('Please correct the highlighted fields.');
  await expect(targetsForm.getByTestId('form-message')).not.toContainText('Alias loop');
});

test('the route page answers a malformed address and an empty question', async ({ page }) => {
  await page.goto('/routes?address=joe%40%40x');
  await expect(page.getByRole('alert').filter({ hasText: 'is not an address' })).toContainText('“joe@@x” is not an address');
  await expect(page.getByText('You can trace addresses on your own domains only')).toHaveCount(0);
  await page.getByRole('textbox').fill('');
  await page.getByRole('button', { name: 'Trace' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Type an address' })).toBeVisible();
  await expect(page.getByRole('textbox')).toHaveAttribute('aria-invalid', 'true');
});
