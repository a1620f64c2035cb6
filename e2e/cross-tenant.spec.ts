// One tenant's URLs opened by another: the same "Not found" as an id that does not exist, with nothing
// of the other tenant's data on the page. Each check that something is absent is paired with one that
// shows the same thing where it belongs, so none passes because the label never existed.
import type { Browser } from '@playwright/test';
import { expect, test } from './test';
import { pageAs, type Who } from './logins';

async function idOf(browser: Browser, who: Who, listPath: string, linkName: string): Promise<string> {
  const page = await pageAs(browser, who);
  await page.goto(listPath);
  await page.getByRole('link', { name: linkName, exact: true }).click();
  await page.waitForURL(/\/[0-9a-f-]{36}$/);
  // Its owner sees it by that name at that URL (the other tenant, below, must not).
  await expect(page.locator('main')).toContainText(linkName);
  const id = new URL(page.url()).pathname.split('/').pop() ?? '';
  await page.context().close();
  return id;
}

test("reseller B cannot open reseller A's customer or domain by id", async ({ browser }) => {
  const customerId = await idOf(browser, 'acme', '/customers', 'Subhost One');
  const domainId = await idOf(browser, 'acme', '/domains', 'subhost1.example');
  const bravo = await pageAs(browser, 'bravo');
  for (const path of [`/customers/${customerId}`, `/domains/${domainId}`, '/domains/7d9f1c3e-0000-4000-8000-000000000000']) {
    const response = await bravo.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(bravo.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(bravo.locator('body')).not.toContainText('subhost1');
    await expect(bravo.locator('body')).not.toContainText('Subhost One');
  }
  // Nor does A's data appear in B's lists or searches, where B's own does.
  await bravo.goto('/domains?q=cornershop');
  await expect(bravo.getByRole('link', { name: 'cornershop.example', exact: true })).toBeVisible();
  await bravo.goto('/domains?q=subhost');
  await expect(bravo.getByText('No domain matches “subhost”.')).toBeVisible();
});

test("a customer cannot open a sibling customer's domain, nor operator pages", async ({ browser }) => {
  const siblingDomain = await idOf(browser, 'acme', '/domains', 'subhost2.example');
  const customer = await pageAs(browser, 'subhost1');
  expect((await customer.goto(`/domains/${siblingDomain}`))?.status()).toBe(404);
  expect((await customer.goto('/resellers'))?.status()).toBe(404);
  expect((await customer.goto('/customers'))?.status()).toBe(404);
  expect((await customer.goto('/domains/new'))?.status()).toBe(404);
});

test('support can look but has no buttons that change anything', async ({ browser }) => {
  const domainId = await idOf(browser, 'acme', '/domains', 'subhost1.example');
  // The reseller has these buttons on this very page.
  const acme = await pageAs(browser, 'acme');
  await acme.goto(`/domains/${domainId}`);
  await expect(acme.getByRole('link', { name: 'Disable domain…' })).toBeVisible();
  await expect(acme.getByRole('button', { name: 'Delete domain' })).toBeVisible();
  await acme.context().close();

  const support = await pageAs(browser, 'support');
  await support.goto(`/domains/${domainId}`);
  await expect(support.getByRole('heading', { name: 'subhost1.example' })).toBeVisible();
  await expect(support.getByRole('button', { name: /Disable domain|Delete domain/ })).toHaveCount(0);
  await expect(support.getByRole('link', { name: /Disable domain/ })).toHaveCount(0);
});

test("another reseller cannot open, trace or change a customer's accounts and aliases", async ({ browser }) => {
  const accountId = await idOf(browser, 'subhost1', '/accounts', 'joe');
  const aliasId = await idOf(browser, 'subhost1', '/aliases', 'info');
  const bravo = await pageAs(browser, 'bravo');
  for (const path of [`/accounts/${accountId}`, `/aliases/${aliasId}`]) {
    expect((await bravo.goto(path))?.status(), path).toBe(404);
    await expect(bravo.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(bravo.locator('body')).not.toContainText('subhost1');
  }
  // B traces an address on its own domain (the outcome shows), but not one on A's customer's domain.
  await bravo.goto('/routes?address=shop%40cornershop.example');
  await expect(bravo.getByTestId('route-outcome')).toBeVisible();
  await bravo.goto('/routes?address=joe%40subhost1.example');
  await expect(bravo.getByText('You can trace addresses on your own domains only')).toBeVisible();
  await expect(bravo.getByTestId('route-outcome')).toHaveCount(0);
  await bravo.goto('/accounts?q=joe');
  await expect(bravo.getByText('No account matches “joe”.')).toBeVisible();
});
