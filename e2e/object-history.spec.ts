// A customer's object history and undo: change an alias's targets, see the change on the alias's page
// (who, before → after), undo it through the same review as an edit, and find the old targets back with
// a new entry in the history.
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs, signIn } from './logins';
import { keepScreenshot } from './screenshots';
import { addDomain, approveDomain, createCustomer, INITIAL_PASSWORD, unique } from './tenants';

/** Confirms the review when the panel shows one (a new alias's name may not route anywhere yet). */
async function confirmIfAsked(page: Page, label = 'Confirm and save') {
  const confirm = page.getByRole('button', { name: label });
  await expect(page.getByTestId('confirm-changes').or(page.getByTestId('alias-targets'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
}

test('a customer sees an alias’s history and undoes a change of its targets', async ({ browser }) => {
  const u = unique('history');
  const customer = { name: `History ${u}`, email: `${u}@e2e.test` };
  const domain = `${u}.example`;
  const acme = await pageAs(browser, 'acme');
  await createCustomer(acme, customer);
  await addDomain(acme, domain, customer.name);
  await acme.context().close();
  const admin = await pageAs(browser, 'admin');
  await approveDomain(admin, domain);
  await admin.context().close();

  const page = await signIn(browser, customer.email, INITIAL_PASSWORD);
  await page.goto('/aliases/new');
  await page.getByLabel('Alias name').fill('sales');
  await page.getByLabel('Targets').fill('first@example.net');
  await page.getByRole('button', { name: 'Create alias' }).click();
  await confirmIfAsked(page);
  await expect(page.getByTestId('alias-targets')).toContainText('sales → first@example.net');

  // The change: sales@<domain> now goes elsewhere, so the review asks first.
  await page.getByLabel('Targets').fill('second@example.net');
  await page.getByRole('button', { name: 'Save targets' }).click();
  await expect(page.getByTestId('confirm-changes')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByText('Alias saved. Waiting for sync.')).toBeVisible();

  await page.reload();
  const history = page.getByTestId('object-history');
  const newest = history.getByTestId('history-entry').first();
  await expect(newest).toContainText(`${customer.email} changed alias sales`);
  await expect(newest).toContainText('targets: first@example.net → second@example.net');
  await expect(history.getByTestId('history-entry').nth(1)).toContainText('No undo: Changed since');
  await keepScreenshot(page, 'customer', 'alias-history');

  await newest.getByRole('link', { name: 'Undo this change' }).click();
  await expect(page.getByRole('heading', { name: 'Undo a change' })).toBeVisible();
  await expect(page.getByTestId('undo-plan')).toContainText('targets: second@example.net → first@example.net');
  await page.getByRole('button', { name: 'Undo this change' }).click();
  await expect(page.getByTestId('confirm-changes')).toContainText(`sales@${domain}`);
  await keepScreenshot(page, 'customer', 'undo-review');
  await page.getByRole('button', { name: 'Confirm undo' }).click();

  await expect(page.getByText('Change undone. Waiting for sync.')).toBeVisible();
  await expect(page.getByTestId('alias-targets')).toContainText('sales → first@example.net');
  const undone = page.getByTestId('object-history').getByTestId('history-entry').first();
  await expect(undone).toContainText(`${customer.email} undid a change of alias sales`);
  await expect(undone).toContainText('targets: second@example.net → first@example.net');

  // The domain's page has the history of the domain and its addresses: here, its creation by the reseller.
  await page.goto('/domains');
  await page.getByRole('link', { name: domain, exact: true }).click();
  const domainHistory = page.getByTestId('object-history');
  await expect(domainHistory.getByRole('heading', { name: 'History of the domain and its addresses' })).toBeVisible();
  await expect(domainHistory.getByTestId('history-entry').last()).toContainText(`created domain ${domain}`);
  await keepScreenshot(page, 'customer', 'domain-history');
  await page.context().close();
});
