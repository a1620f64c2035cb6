// A customer's mail journey: an account with its address, an alias that takes the account's name (after
// the warning), a catch-all and a rejection — then "Where does mail go?" shows each address going where
// DOMAIN.md says (virtmaps before aliases before accounts; a catch-all takes only what nothing more
// specific takes; a rejection answers at RCPT time).
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs, stateFile } from './logins';
import { addDomain, approveDomain, unique } from './tenants';

test.use({ storageState: stateFile('subhost1') });

async function confirmAndSave(page: Page) {
  await expect(page.getByTestId('confirm-changes')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm and save' }).click();
}

async function outcomeOf(page: Page, address: string) {
  await page.goto(`/routes?address=${encodeURIComponent(address)}`);
  return page.getByTestId('route-outcome');
}

test('a customer sets up mail and the route page shows where each address goes', async ({ page, browser }) => {
  // Subhost One gets a domain of its own for this test: its catch-all and names then change no address
  // that another spec traces. Its demo accounts joe and jane are only targets here.
  const domain = `${unique('mail-journey')}.example`;
  const name = unique('carol');
  const acme = await pageAs(browser, 'acme');
  await addDomain(acme, domain, 'Subhost One');
  await acme.context().close();
  const admin = await pageAs(browser, 'admin');
  await approveDomain(admin, domain);
  await admin.context().close();

  // An account with its address: the preview says the address starts delivering to it.
  await page.goto('/accounts/new');
  await page.getByLabel('Account name').fill(name.replace(/^carol/, 'Carol'));
  await expect(page.getByText(`Mail names are matched in lower case: saved as "${name}".`)).toBeVisible();
  await page.getByLabel('Password').fill('Winter-Garden-42');
  await page.getByLabel('Also create its address').selectOption({ label: `${name}@${domain}` });
  await page.getByRole('button', { name: 'Create account' }).click();
  const preview = page.getByRole('table', { name: 'Addresses that will route differently' });
  await expect(preview.getByRole('row', { name: new RegExp(`${name}@${domain}`.replace(/\./g, '\\.')) })).toContainText(`account ${name}`);
  await confirmAndSave(page);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('account-addresses')).toHaveText(`${name}@${domain}`);

  // An alias with the account's name: warned, then confirmed. Mail to the name now goes to the alias.
  await page.goto('/aliases/new');
  await page.getByLabel('Alias name').fill(name);
  await page.getByLabel('Targets').fill('dave@example.net');
  await page.getByRole('button', { name: 'Create alias' }).click();
  await expect(page.getByTestId('confirm-changes')).toContainText(
    `Mail to ${name} will go to the alias ${name}, not to the account ${name}`,
  );
  await confirmAndSave(page);
  await expect(page.getByTestId('alias-targets')).toContainText(`${name} → dave@example.net`);

  // A catch-all and a rejection on the domain.
  await page.goto('/domains');
  await page.getByRole('link', { name: domain, exact: true }).click();
  const add = page.getByTestId('add-virtmap');
  const localPart = add.getByLabel(`Address (the part before @${domain})`);
  await add.getByText('Add an address, a catch-all or a rejection').click();
  await localPart.fill('');
  await add.getByLabel('Deliver to').fill('jane');
  await add.getByRole('button', { name: 'Check and save' }).click();
  await expect(add.getByTestId('confirm-changes')).toBeVisible();
  await add.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByRole('status').filter({ hasText: `@${domain} saved` })).toBeVisible();

  await localPart.fill('spam');
  await add.getByLabel('What happens').selectOption('reject');
  await add.getByLabel('Message').fill('No such user here');
  await add.getByRole('button', { name: 'Check and save' }).click();
  await expect(add.getByRole('table', { name: 'Addresses that will route differently' })).toContainText(`spam@${domain}`);
  await add.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByTestId('virtmaps')).toContainText(`spam@${domain} → error:5.1.1:550 No such user here`);

  // Any other status and reply code: a mismatched one is explained at its field, a good one saved.
  await localPart.fill('policy');
  await add.getByLabel('What happens').selectOption('reject');
  await add.getByLabel('Reply').selectOption('other');
  await add.getByLabel('Status and reply code').fill('5.7.1:450');
  await add.getByLabel('Message').fill('Not accepted here');
  await add.getByRole('button', { name: 'Check and save' }).click();
  await expect(add.getByText('The status and the reply code must be of the same class')).toBeVisible();
  await add.getByLabel('Status and reply code').fill('5.7.1:550');
  await add.getByRole('button', { name: 'Check and save' }).click();
  await add.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByTestId('virtmaps')).toContainText(`policy@${domain} → error:5.7.1:550 Not accepted here`);

  // webmaster gets its own address (as on the demo domains), which the catch-all must leave alone.
  await localPart.fill('webmaster');
  await add.getByLabel('What happens').selectOption('deliver');
  await add.getByLabel('Deliver to').fill('joe');
  await add.getByRole('button', { name: 'Check and save' }).click();
  await expect(add.getByRole('table', { name: 'Addresses that will route differently' })).toContainText(`webmaster@${domain}`);
  await add.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByTestId('virtmaps')).toContainText(`webmaster@${domain} → joe`);

  // Where does mail go? Virtmap name@ → name → the alias (it wins over the account) → dave.
  await expect(await outcomeOf(page, `${name}@${domain}`)).toContainText('dave@example.net');
  await expect(page.getByTestId('route-steps')).toContainText('alias');
  // Upper case is the same address.
  await expect(await outcomeOf(page, `${name}@${domain}`.toUpperCase())).toContainText('dave@example.net');
  // webmaster has its own virtmap: the catch-all does not take it.
  await expect(await outcomeOf(page, `webmaster@${domain}`)).toContainText('account joe');
  // Any other name goes to the catch-all's target.
  await expect(await outcomeOf(page, `nobody-at-all@${domain}`)).toContainText('account jane');
  // The rejection answers at RCPT time with the chosen reply.
  await expect(await outcomeOf(page, `spam@${domain}`)).toContainText('550 5.1.1 No such user here');
  await expect(await outcomeOf(page, `policy@${domain}`)).toContainText('550 5.7.1 Not accepted here');
  // Another customer's domain is not traceable.
  await page.goto('/routes?address=webmaster%40subhost2.example');
  await expect(page.getByText('You can trace addresses on your own domains only')).toBeVisible();
});
