// Tenancy in the mail itself (docs/tenancy.md), the journey of issue 8 in the browser: a reseller adds a
// domain for a new customer; until ownership is proven the domain takes no mail, and once it does, the
// names of the host's other customers (Subhost One's joe and team) are refused there, as any unknown
// name. The other customer's previews and traces never show the new customer's names or domain.
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs } from './logins';
import { unique } from './tenants';

async function outcomeOf(page: Page, address: string) {
  await page.goto(`/routes?address=${encodeURIComponent(address)}`);
  return page.getByTestId('route-outcome');
}

test("a new customer's domain takes nobody else's mail, and the others never see its names", async ({ browser }) => {
  // Names of this test's own (Subhost One's joe and team are the demo's, and only read here).
  const domain = `${unique('testcust')}.example`;
  const customer = `Testcust ${unique('one')}`;
  const helpdesk = unique('helpdesk');

  // Acme makes a customer and gives it a domain.
  const acme = await pageAs(browser, 'acme');
  await acme.goto('/customers/new');
  await acme.getByLabel('Customer name').fill(customer);
  await acme.getByLabel('Login email').fill(`${unique('testcust')}@demo.test`);
  await acme.getByLabel('Initial password').fill('testcust password 1');
  await acme.getByRole('button', { name: 'Create customer' }).click();
  await expect(acme.getByRole('heading', { name: customer })).toBeVisible();
  await acme.getByRole('link', { name: 'Add domain' }).click();
  await acme.getByLabel('Domain name').fill(domain);
  await acme.getByRole('button', { name: 'Add domain' }).click();
  await expect(acme.getByRole('heading', { name: domain })).toBeVisible();
  await expect(acme.getByTestId('domain-ownership')).toContainText('Waiting for proof of ownership');
  await expect(acme.getByLabel('TXT record name')).toHaveValue(`_mailpanel-verify.${domain}`);
  await expect(acme.getByLabel('TXT record value')).toHaveValue(/^mailpanel-verify=[0-9a-f]{32}$/);

  // Until ownership is proven the mail host takes no mail for it at all.
  await expect(await outcomeOf(acme, `joe@${domain}`)).toContainText('Refused at RCPT: 550 5.7.1');
  await expect(acme.getByTestId('route-steps')).toContainText('waiting for proof of its ownership');

  // The operator approves it.
  const admin = await pageAs(browser, 'admin');
  await admin.goto(`/domains?q=${domain}`);
  await admin.getByRole('link', { name: domain, exact: true }).click();
  await admin.getByRole('button', { name: 'Approve ownership' }).click();
  await expect(admin.getByTestId('domain-ownership')).toContainText('Ownership proven');

  // Now the domain takes mail, but only for its own customer's names: Subhost One's joe and team are
  // refused there exactly like a name nobody has.
  await expect(await outcomeOf(acme, `joe@${domain}`)).toContainText('Refused at RCPT: 550 5.1.1 User unknown');
  await expect(await outcomeOf(acme, `team@${domain}`)).toContainText('Refused at RCPT: 550 5.1.1 User unknown');
  await expect(await outcomeOf(acme, `nobody-at-all@${domain}`)).toContainText('Refused at RCPT: 550 5.1.1 User unknown');
  // postmaster@ every domain stays deliverable (RFC 5321).
  await expect(await outcomeOf(acme, `postmaster@${domain}`)).not.toContainText('Refused');

  // The new customer makes an account with a name Subhost One has too.
  await acme.goto('/accounts/new');
  await acme.getByLabel('Customer').selectOption({ label: customer });
  await acme.getByLabel('Account name').fill('joe');
  await acme.getByLabel('Password').fill('Summer-Orchard-77');
  await acme.getByLabel('Also create its address').selectOption({ label: `joe@${domain}` });
  await acme.getByRole('button', { name: 'Create account' }).click();
  await acme.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(acme.getByRole('heading', { name: 'joe' })).toBeVisible();
  await expect(acme.getByTestId('account-login')).toContainText(`joe@${domain}`);
  await expect(await outcomeOf(acme, `joe@${domain}`)).toContainText('Delivered to the account joe.');

  // Subhost One sees nothing of it: its own joe still gets its own mail, a "%" route into the new
  // domain answers as one into a domain nobody holds, and its previews list only its own addresses.
  const subhost1 = await pageAs(browser, 'subhost1');
  await expect(await outcomeOf(subhost1, 'joe@subhost1.example')).toContainText('Delivered to the account joe.');
  const viaNew = await (await outcomeOf(subhost1, `joe%${domain}@subhost1.example`)).textContent();
  const viaNobody = await (await outcomeOf(subhost1, 'joe%nobody-holds-this.example@subhost1.example')).textContent();
  expect(viaNew?.replace(domain, 'X')).toBe(viaNobody?.replace('nobody-holds-this.example', 'X'));
  await expect(subhost1.locator('body')).not.toContainText('Testcust');

  // A new address of its own: the preview lists what will route differently, and nothing of the new customer.
  await subhost1.goto('/domains');
  await subhost1.getByRole('link', { name: 'subhost1.example', exact: true }).click();
  const add = subhost1.getByTestId('add-virtmap');
  if ((await add.getAttribute('open')) === null) await add.getByText('Add an address, a catch-all or a rejection').click();
  await add.getByLabel(/Address \(the part before @subhost1\.example\)/).fill(helpdesk);
  await add.getByLabel('Deliver to').fill('joe');
  await add.getByRole('button', { name: 'Check and save' }).click();
  await expect(add.getByRole('table', { name: 'Addresses that will route differently' })).toContainText(`${helpdesk}@subhost1.example`);
  await expect(subhost1.locator('body')).not.toContainText(domain);
  await expect(subhost1.locator('body')).not.toContainText('Testcust');
  await add.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(subhost1.getByTestId('virtmaps')).toContainText(`${helpdesk}@subhost1.example → joe`);
});
