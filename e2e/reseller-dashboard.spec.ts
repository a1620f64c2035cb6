// A reseller's journey: its dashboard (usage against its limits as bars, its hosts' state, its customers),
// then suspending a customer with its mail (the confirmation says what stops) and resuming it.
import { expect, test } from './test';
import { pageAs, signIn } from './logins';
import { keepScreenshot } from './screenshots';
import { addDomain, approveDomain, createCustomer, createReseller, INITIAL_PASSWORD, unique } from './tenants';

test('a reseller reads its dashboard, suspends a customer with its mail and resumes it', async ({ browser }) => {
  test.setTimeout(240_000);
  const u = unique('dash');
  const reseller = { name: `Dash ${u}`, email: `${u}@e2e.test`, host: 'demo' };
  const customer = { name: `Shop ${u}`, email: `${u}-shop@e2e.test` };
  const domain = `${u}.example`;
  const admin = await pageAs(browser, 'admin');
  await createReseller(admin, reseller);

  const page = await signIn(browser, reseller.email, INITIAL_PASSWORD);
  await createCustomer(page, customer);
  await addDomain(page, domain, customer.name);
  await approveDomain(admin, domain);
  await admin.context().close();

  // The dashboard: one domain of its limit, as a bar a screen reader reads out.
  await page.goto('/');
  const domains = page.getByRole('meter', { name: 'Domains' });
  await expect(domains).toHaveAttribute('aria-valuenow', '1');
  await expect(domains).toHaveAttribute('aria-valuetext', /^1 of \d+/);
  await expect(page.getByRole('meter', { name: 'Accounts' })).toHaveAttribute('aria-valuenow', '0');
  await expect(page.getByTestId('host-states')).toContainText('demo:');
  await expect(page.getByTestId('recent-activity')).toContainText(domain);
  await keepScreenshot(page, 'reseller', 'dashboard');

  // Suspend with its mail: the confirmation names the domain that stops taking mail.
  await page.getByRole('link', { name: `Suspend ${customer.name}` }).click();
  await expect(page.getByRole('heading', { name: `Suspend ${customer.name}?` })).toBeVisible();
  await expect(page.getByTestId('suspension-impact')).toContainText(customer.email);
  await expect(page.getByTestId('mail-stops')).toHaveText(domain);
  await page.getByLabel(/Also stop its mail/).check();
  await keepScreenshot(page, 'reseller', 'suspend-confirmation');
  await page.getByRole('button', { name: 'Suspend customer' }).click();
  await expect(page.getByRole('heading', { name: customer.name })).toBeVisible();
  await expect(page.getByText('Suspended', { exact: true }).first()).toBeVisible();
  await page.goto(`/domains?q=${domain}`);
  await expect(page.getByRole('table', { name: 'Domains' }).getByRole('row', { name: new RegExp(domain) })).toContainText('Disabled');

  // Resume from the dashboard: the customer and its domain are back.
  await page.goto('/');
  await page.getByRole('link', { name: `Resume ${customer.name}` }).click();
  await page.getByRole('button', { name: 'Reactivate customer' }).click();
  await expect(page.getByText('Active', { exact: true }).first()).toBeVisible();
  await page.goto(`/domains?q=${domain}`);
  await expect(page.getByRole('table', { name: 'Domains' }).getByRole('row', { name: new RegExp(domain) })).toContainText('Enabled');
});
