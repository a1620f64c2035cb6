// The reseller's main journey: a customer, its domains (validated, normalised, limited), search,
// disable/enable, and deletion with a confirmation that says what goes.
import { domainToASCII } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { stateFile } from './logins';
import { unique } from './tenants';

test.use({ storageState: stateFile('acme') });

async function addDomain(page: Page, name: string, customer: string) {
  await page.goto('/domains/new');
  await page.getByLabel('Domain name').fill(name);
  await page.getByLabel('Customer').selectOption({ label: customer });
  await page.getByRole('button', { name: 'Add domain' }).click();
}

test('a reseller creates a customer and manages its domains', async ({ page }) => {
  // Names of this test's own: `journey` stands in every one, so a search for it finds them alone.
  const journey = unique('journey');
  const customer = `Journey Customer ${journey}`;
  const domain = `${journey}.example`;
  const international = `bücher-${journey}.example`;
  const aLabel = domainToASCII(international);
  expect(aLabel).toMatch(/^xn--bcher-journey-[0-9a-z]+-[0-9a-z]+\.example$/);

  // A customer with room for two domains.
  await page.goto('/customers');
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Customer name').fill(customer);
  await page.getByLabel('Login email').fill(`${journey}@demo.test`);
  await page.getByLabel('Initial password').fill('journey password 1');
  await page.getByLabel('Domains', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: customer })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(`Customer ${customer} created.`);

  // A domain typed in capitals is stored in lower case.
  await page.getByRole('link', { name: 'Add domain' }).click();
  await page.getByLabel('Domain name').fill(domain.replace(/^journey/, 'Journey').replace(/\.example$/, '.EXAMPLE'));
  await expect(page.getByLabel('Customer')).toHaveValue(/.+/);
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.getByRole('heading', { name: domain })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Waiting for proof of ownership');

  // Malformed and duplicate names are refused with a message, keeping what was typed.
  await addDomain(page, 'not a domain', customer);
  await expect(page.getByText('A domain name may contain only letters, digits, hyphens and dots.')).toBeVisible();
  await expect(page.getByLabel('Domain name')).toHaveValue('not a domain');
  await addDomain(page, domain, customer);
  await expect(page.locator('#field-name-error')).toHaveText('That domain is already on this panel.');

  // An international name shows, and is saved as, its A-label.
  await page.goto('/domains/new');
  await page.getByLabel('Domain name').fill(international);
  await expect(page.getByText(`Will be saved as ${aLabel}`)).toBeVisible();
  await page.getByLabel('Customer').selectOption({ label: customer });
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.getByRole('heading', { name: aLabel })).toBeVisible();

  // The third domain is over the customer's limit of two.
  await addDomain(page, `third-${journey}.example`, customer);
  await expect(page.getByTestId('form-message')).toContainText(`${customer} has reached its limit of 2 domains.`);

  // Search finds the customer's domains and nothing else (another search shows subhost1.example).
  await page.goto('/domains');
  await page.getByRole('searchbox', { name: 'Search domains' }).fill('subhost1');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: 'subhost1.example', exact: true })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search domains' }).fill(journey);
  await page.getByRole('button', { name: 'Search' }).click();
  const rows = page.getByRole('table', { name: 'Domains' }).getByRole('row');
  await expect(rows).toHaveCount(3); // header + 2
  await expect(page.getByRole('link', { name: domain, exact: true })).toBeVisible();
  // The international name reads in Unicode, its A-label beside it.
  await expect(page.getByRole('link', { name: international, exact: true })).toBeVisible();
  await expect(page.getByText(aLabel, { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'subhost1.example' })).toHaveCount(0);

  // Disable, then enable again.
  await page.getByRole('link', { name: domain, exact: true }).click();
  await page.getByRole('link', { name: 'Disable domain…' }).click();
  await expect(page.getByTestId('disable-impact')).toContainText('virtmap');
  await page.getByRole('button', { name: `Disable ${domain}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Domain disabled' })).toBeVisible();
  await expect(page.getByText('Disabled', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Enable domain' }).click();
  await expect(page.getByText('Enabled', { exact: true })).toBeVisible();

  // Deleting says what goes, insists on the typed name, then removes the domain.
  const confirmName = page.getByLabel(`Type ${domain} to confirm`);
  await expect(page.getByTestId('deletion-impact')).toContainText(`mail to any address @${domain} will be refused`);
  await confirmName.fill(domain.replace(/\.example$/, '.exampel'));
  await page.getByRole('button', { name: 'Delete domain' }).click();
  await expect(page.locator('#field-confirmName-error')).toHaveText(`Type ${domain} to confirm.`);
  await confirmName.fill(domain);
  await page.getByRole('button', { name: 'Delete domain' }).click();
  await expect(page).toHaveURL(new RegExp(`/domains\\?deleted=${domain.replace(/\./g, '\\.')}$`));
  await expect(page.getByRole('status')).toContainText(`Domain ${domain} deleted`);
  await expect(page.getByRole('link', { name: domain, exact: true })).toHaveCount(0);

  // The audit log tells the story in words: this test's own events, each naming its customer or domain.
  await page.goto('/audit');
  for (const did of ['created customer', 'created domain', 'disabled domain', 'enabled domain', 'deleted domain']) {
    await expect(page.getByTestId('audit-event').filter({ hasText: did }).filter({ hasText: journey }).first()).toBeVisible();
  }
});
