// Hostile values typed into the real forms in a browser, then read on the pages that show them (issue 13):
// a reseller names a customer with markup, the customer gives an account an autoreply with markup, and
// every page that shows them shows the text literally — no dialog opens, no element or handler of the
// attacker's is in the page, and (e2e/test.ts) no CSP violation. The same values through the write path
// into the published maps, passwd-file and Sieve scripts are tests/hostile-write-path.test.ts's.
import type { Page } from '@playwright/test';
import { pageAs, signIn } from './logins';
import { expect, test } from './test';
import { addDomain, approveDomain, createCustomer, INITIAL_PASSWORD, unique } from './tenants';

const MARKUP = `<script>alert(1)</script> "><img src=x onerror=alert(1)> '><svg onload=alert(2)> {{7*7}} \${7*7}`;
/** A customer name is at most 100 characters: the markup that fits, and the run's unique part. */
const NAME_MARKUP = `<script>alert(1)</script>"><img src=x onerror=alert(1)>`;
const BODY = `</textarea><script>alert(3)</script>\n<a href="javascript:alert(4)">x</a> &lt;b&gt; O'Brien & Sons <b>`;

/** Watches a page for what an injection would do: a dialog, or an element or handler of the attacker's. */
function guard(page: Page): { dialogs: string[]; injected: () => Promise<string[]> } {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const injected = () =>
    page.evaluate(() => {
      const found: string[] = [];
      for (const el of document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]')) found.push(el.outerHTML.slice(0, 80));
      for (const a of document.querySelectorAll('a[href^="javascript:"]')) found.push(a.outerHTML.slice(0, 80));
      // The page's own data scripts carry the typed text as escaped JSON; an injected one would be the markup's own.
      for (const s of document.querySelectorAll('script'))
        if (/^alert\(\d\)$/.test((s.textContent ?? '').trim())) found.push('an injected script');
      return found;
    });
  return { dialogs, injected };
}

async function showsLiterally(page: Page, path: string, text: string, watch: ReturnType<typeof guard>) {
  await page.goto(path);
  await expect(page.locator('main').getByText(text).filter({ visible: true }).first(), path).toBeVisible();
  expect(await watch.injected(), path).toEqual([]);
  expect(watch.dialogs, path).toEqual([]);
  test.info().annotations.push({
    type: 'attack',
    description: `markup typed into a form, shown at ${path.replace(/[0-9a-f-]{36}/, '{id}')}: refused (shown as text)`,
  });
}

test('markup typed into a customer name and an autoreply is shown as text on every page that shows it', async ({ browser }) => {
  test.setTimeout(180_000);
  const u = unique('hostile');
  const name = `${NAME_MARKUP} ${u}`;
  const email = `${u}@e2e.test`;
  const domain = `${u}.example`;

  const acme = await pageAs(browser, 'acme');
  const acmeWatch = guard(acme);
  await createCustomer(acme, { name, email });
  const customerPath = new URL(acme.url()).pathname;
  await addDomain(acme, domain, name);
  const admin = await pageAs(browser, 'admin');
  await approveDomain(admin, domain);
  const adminWatch = guard(admin);

  // The reseller's pages and the operator's log show the name as typed.
  for (const path of [customerPath, `/customers?q=${u}`, '/', `/domains?q=${u}`]) await showsLiterally(acme, path, name, acmeWatch);
  await showsLiterally(admin, `/audit?q=${u}`, u, adminWatch);

  // The customer gives an account an autoreply with markup in its subject and text.
  const customer = await signIn(browser, email, INITIAL_PASSWORD);
  const customerWatch = guard(customer);
  await customer.goto('/accounts/new');
  await customer.getByLabel('Account name').fill('ann');
  await customer.getByLabel('Password').fill('Winter-Garden-42-Lantern');
  await customer.getByLabel('Also create its address').selectOption({ label: `ann@${domain}` });
  await customer.getByRole('button', { name: 'Create account' }).click();
  await customer.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(customer.getByRole('heading', { name: 'ann' })).toBeVisible();
  const accountPath = new URL(customer.url()).pathname;
  const autoreply = customer.getByTestId('autoreply-forms').locator('form').first();
  await autoreply.getByLabel('Subject').fill(MARKUP);
  await autoreply.getByLabel('Text').fill(BODY);
  await autoreply.getByRole('button', { name: 'Save autoreply' }).click();
  const state = customer.getByTestId('autoreply-state');
  const review = autoreply.getByTestId('confirm-changes');
  await expect(review.or(state.filter({ hasText: '{{7*7}}' }))).toBeVisible();
  if (await review.isVisible()) await autoreply.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(state).toContainText(MARKUP);
  await showsLiterally(customer, accountPath, MARKUP, customerWatch);
  await expect(autoreply.getByLabel('Text')).toHaveValue(BODY);
  await showsLiterally(customer, '/', name, customerWatch);

  for (const page of [acme, admin, customer]) await page.context().close();
});
