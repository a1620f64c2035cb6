// The top bar's one search, as a customer: `/` focuses the box, an address of its own is found under its
// kind and leads to the object's page; another customer's names are never found.
import { expect, test } from './test';
import { keepScreenshot } from './screenshots';
import { focusSearchWithSlash } from './search-box';
import { pageAs, signIn } from './logins';
import { addDomain, approveDomain, createCustomer, INITIAL_PASSWORD, unique } from './tenants';

test('a customer finds its own address from the top bar, and never another customer’s names', async ({ browser }) => {
  const own = { name: unique('Search Own'), email: `${unique('search-own')}@e2e.test` };
  const other = { name: unique('Search Other'), email: `${unique('search-other')}@e2e.test` };
  const domain = `${unique('search-own')}.example`;
  const otherDomain = `${unique('search-other')}.example`;
  const acme = await pageAs(browser, 'acme');
  await createCustomer(acme, own);
  await createCustomer(acme, other);
  await addDomain(acme, domain, own.name);
  await addDomain(acme, otherDomain, other.name);
  await acme.context().close();
  const admin = await pageAs(browser, 'admin');
  await approveDomain(admin, domain);
  await admin.context().close();

  const page = await signIn(browser, own.email, INITIAL_PASSWORD);
  const name = unique('finn');
  await page.goto('/accounts/new');
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Password').fill('Winter-Garden-42');
  await page.getByLabel('Also create its address').selectOption({ label: `${name}@${domain}` });
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // `/` outside a field focuses the search box; Enter searches.
  await focusSearchWithSlash(page);
  await page.keyboard.type(`${name}@${domain}`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const addresses = page.getByTestId('results-addresses');
  await expect(addresses.getByRole('heading')).toContainText('(1)');
  await expect(addresses.getByRole('link', { name: `${name}@${domain}` })).toBeVisible();
  const accounts = page.getByTestId('results-accounts');
  await expect(accounts.getByRole('heading')).toContainText('(1)');
  await keepScreenshot(page, 'customer', 'search-results');
  await accounts.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // The other customer's domain and name: nothing, in any group.
  for (const q of [otherDomain, other.name]) {
    await page.goto(`/search?q=${encodeURIComponent(q)}`);
    for (const kind of ['customers', 'domains', 'accounts', 'aliases', 'addresses'])
      await expect(page.getByTestId(`results-${kind}`).getByRole('heading')).toContainText('(0)');
  }
  // Its own domain, by part of its name.
  await page.goto(`/search?q=${encodeURIComponent(domain.slice(3, 15))}`);
  await page.getByTestId('results-domains').getByRole('link', { name: domain }).click();
  await expect(page.getByRole('heading', { name: domain })).toBeVisible();
});
