// A customer's mail journey: an account with its address, an alias that takes the account's name (after
// the warning), a catch-all and a rejection — then "Where does mail go?" shows each address going where
// DOMAIN.md says (virtmaps before aliases before accounts; a catch-all takes only what nothing more
// specific takes; a rejection answers at RCPT time).
import { expect, test, type Page } from '@playwright/test';
import { stateFile } from './logins';

test.use({ storageState: stateFile('subhost1') });

async function confirmAndSave(page: Page) {
  await expect(page.getByTestId('confirm-changes')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm and save' }).click();
}

async function outcomeOf(page: Page, address: string) {
  await page.goto(`/routes?address=${encodeURIComponent(address)}`);
  return page.getByTestId('route-outcome');
}

test('a customer sets up mail and the route page shows where each address goes', async ({ page }) => {
  // An account with its address: the preview says the address starts delivering to it.
  await page.goto('/accounts/new');
  await page.getByLabel('Account name').fill('Carol');
  await expect(page.getByText('Mail names are matched in lower case: saved as "carol".')).toBeVisible();
  await page.getByLabel('Password').fill('Winter-Garden-42');
  await page.getByLabel('Also create its address').selectOption({ label: 'carol@subhost1.example' });
  await page.getByRole('button', { name: 'Create account' }).click();
  const preview = page.getByRole('table', { name: 'Addresses that will route differently' });
  await expect(preview.getByRole('row', { name: /carol@subhost1\.example/ })).toContainText('account carol');
  await confirmAndSave(page);
  await expect(page.getByRole('heading', { name: 'carol' })).toBeVisible();
  await expect(page.getByTestId('account-addresses')).toHaveText('carol@subhost1.example');

  // An alias with the account's name: warned, then confirmed. Mail to carol now goes to the alias.
  await page.goto('/aliases/new');
  await page.getByLabel('Alias name').fill('carol');
  await page.getByLabel('Targets').fill('dave@example.net');
  await page.getByRole('button', { name: 'Create alias' }).click();
  await expect(page.getByTestId('confirm-changes')).toContainText('Mail to carol will go to the alias carol, not to the account carol');
  await confirmAndSave(page);
  await expect(page.getByTestId('alias-targets')).toContainText('carol → dave@example.net');

  // A catch-all and a rejection on subhost1.example.
  await page.goto('/domains');
  await page.getByRole('link', { name: 'subhost1.example', exact: true }).click();
  const add = page.getByTestId('add-virtmap');
  await add.getByText('Add an address, a catch-all or a rejection').click();
  await add.getByLabel(/Address \(the part before @subhost1\.example\)/).fill('');
  await add.getByLabel('Deliver to').fill('jane');
  await add.getByRole('button', { name: 'Check and save' }).click();
  await expect(add.getByTestId('confirm-changes')).toBeVisible();
  await add.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByRole('status').filter({ hasText: '@subhost1.example saved' })).toBeVisible();

  await add.getByLabel(/Address \(the part before @subhost1\.example\)/).fill('spam');
  await add.getByLabel('What happens').selectOption('reject');
  await add.getByLabel('Message').fill('No such user here');
  await add.getByRole('button', { name: 'Check and save' }).click();
  await expect(add.getByRole('table', { name: 'Addresses that will route differently' })).toContainText('spam@subhost1.example');
  await add.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByTestId('virtmaps')).toContainText('spam@subhost1.example → error:5.1.1:550 No such user here');

  // Where does mail go? Virtmap carol@ → carol → the alias carol (it wins over the account) → dave.
  await expect(await outcomeOf(page, 'carol@subhost1.example')).toContainText('dave@example.net');
  await expect(page.getByTestId('route-steps')).toContainText('alias');
  // Upper case is the same address.
  await expect(await outcomeOf(page, 'CAROL@Subhost1.Example')).toContainText('dave@example.net');
  // webmaster has its own virtmap: the catch-all does not take it.
  await expect(await outcomeOf(page, 'webmaster@subhost1.example')).toContainText('account joe');
  // Any other name goes to the catch-all's target.
  await expect(await outcomeOf(page, 'nobody-at-all@subhost1.example')).toContainText('account jane');
  // The rejection answers at RCPT time with the chosen reply.
  await expect(await outcomeOf(page, 'spam@subhost1.example')).toContainText('550 5.1.1 No such user here');
  // Another customer's domain is not traceable.
  await page.goto('/routes?address=webmaster%40subhost2.example');
  await expect(page.getByText('You can trace addresses on your own domains only')).toBeVisible();
});
