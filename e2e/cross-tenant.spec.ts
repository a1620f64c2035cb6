// One tenant's URLs opened by another: the same "Not found" as an id that does not exist, with nothing
// of the other tenant's data on the page.
import { expect, test, type Browser } from '@playwright/test';
import { stateFile, type Who } from './logins';

async function pageAs(browser: Browser, who: Who) {
  const context = await browser.newContext({ storageState: stateFile(who) });
  return context.newPage();
}

async function idOf(browser: Browser, who: Who, listPath: string, linkName: string): Promise<string> {
  const page = await pageAs(browser, who);
  await page.goto(listPath);
  await page.getByRole('link', { name: linkName, exact: true }).click();
  await page.waitForURL(/\/[0-9a-f-]{36}$/);
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
  // Nor does A's data appear in B's lists or searches.
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
  const support = await pageAs(browser, 'support');
  await support.goto(`/domains/${domainId}`);
  await expect(support.getByRole('heading', { name: 'subhost1.example' })).toBeVisible();
  await expect(support.getByRole('button', { name: /Disable domain|Delete domain/ })).toHaveCount(0);
});

test("another reseller cannot open, trace or change a customer's accounts and aliases", async ({ browser }) => {
  const accountId = await idOf(browser, 'subhost1', '/accounts', 'joe');
  const aliasId = await idOf(browser, 'subhost1', '/aliases', 'info');
  const bravo = await pageAs(browser, 'bravo');
  for (const path of [`/accounts/${accountId}`, `/aliases/${aliasId}`]) {
    expect((await bravo.goto(path))?.status(), path).toBe(404);
    await expect(bravo.locator('body')).not.toContainText('subhost1');
  }
  await bravo.goto('/routes?address=joe%40subhost1.example');
  await expect(bravo.getByText('You can trace addresses on your own domains only')).toBeVisible();
  await expect(bravo.getByTestId('route-outcome')).toHaveCount(0);
  await bravo.goto('/accounts?q=joe');
  await expect(bravo.getByText('No account matches “joe”.')).toBeVisible();
});
