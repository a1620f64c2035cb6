// Support acts as a customer: a reason, a banner on every page, a change the customer reads in its own
// log as "support … as …", nothing of another customer reachable; then the act-as expires and the same
// form changes nothing. And the admin's list of act-as sessions, where one is ended.
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { LOGINS, pageAs, signIn } from './logins';
import { withPanelDb } from './panel-database';
import { keepScreenshot } from './screenshots';
import { createCustomer, INITIAL_PASSWORD, unique } from './tenants';

/** Two customers of acme's, each with its own login; their ids. */
async function twoCustomers(page: Page, u: string) {
  const a = { name: `Helped ${u}`, email: `${u}-a@e2e.test` };
  const b = { name: `Other ${u}`, email: `${u}-b@e2e.test` };
  await createCustomer(page, a);
  const aId = /\/customers\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  await createCustomer(page, b);
  const bId = /\/customers\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  return { a: { ...a, id: aId }, b: { ...b, id: bId } };
}

/** Support (a session of its own: act-as belongs to one browser session) starts acting as a customer. */
async function actAs(page: Page, customer: { id: string; name: string }, reason: string) {
  await page.goto(`/customers/${customer.id}`);
  await page.getByRole('link', { name: 'Act as this customer' }).click();
  await expect(page.getByRole('heading', { name: `Act as ${customer.name}` })).toBeVisible();
  await page.getByLabel('Reason').fill(reason);
  await page.getByLabel('For').selectOption('15');
  return page;
}

test('support acts as a customer, changes something the customer then reads in its log, and the act-as expires', async ({ browser }) => {
  test.setTimeout(180_000);
  const u = unique('actas');
  const acme = await pageAs(browser, 'acme');
  const { a, b } = await twoCustomers(acme, u);
  await acme.context().close();

  const support = await signIn(browser, LOGINS.support);
  const reason = `ticket ${u}: forward missing`;
  await actAs(support, a, reason);
  await keepScreenshot(support, 'support', 'act-as-form');
  await support.getByRole('button', { name: `Act as ${a.name}` }).click();
  const banner = support.getByTestId('act-as-banner');
  await expect(banner).toContainText(`Support ${LOGINS.support} acting as ${a.name}`);
  await expect(banner).toContainText(reason);

  // A change, as the customer may make it.
  await support.goto('/aliases/new');
  await expect(banner).toBeVisible();
  await support.getByLabel('Alias name').fill('helped');
  await support.getByLabel('Targets').fill('first@example.net');
  await support.getByRole('button', { name: 'Create alias' }).click();
  const confirm = support.getByRole('button', { name: 'Confirm and save' });
  await expect(support.getByTestId('confirm-changes').or(support.getByTestId('alias-targets'))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(support.getByTestId('alias-targets')).toContainText('helped → first@example.net');
  await keepScreenshot(support, 'support', 'acting-banner');
  const aliasPage = support.url();

  // Nothing of customer B while acting as A: its page answers as one that does not exist.
  const other = await support.goto(`/customers/${b.id}`);
  expect(other?.status()).toBe(404);

  // The customer reads the change in its own log, in words.
  const customer = await signIn(browser, a.email, INITIAL_PASSWORD);
  await customer.goto('/audit');
  await expect(customer.getByText(`support ${LOGINS.support} as ${a.name} (${reason})`).first()).toBeVisible();
  await keepScreenshot(customer, 'customer', 'activity-log-act-as');

  // The alias's form is open in support's browser; then the act-as runs out (a quarter of an hour cannot
  // be waited for in a test: its row is moved into the past, as the clock would).
  await support.goto(aliasPage);
  await support.getByLabel('Targets').fill('second@example.net');
  await withPanelDb((db) =>
    db.query(
      `UPDATE "SupportSession" SET "startedAt" = now() - interval '20 minutes', "expiresAt" = now() - interval '5 minutes'
       WHERE "targetLabel" = $1 AND "endedAt" IS NULL`,
      [a.name],
    ),
  );
  await support.getByRole('button', { name: 'Save targets' }).click();
  await expect(support.getByText('Support staff change data only through an audited act-as session.')).toBeVisible();
  await support.reload();
  await expect(support.getByTestId('act-as-banner')).toHaveCount(0);
  await expect(support.getByTestId('alias-targets')).toContainText('helped → first@example.net');
});

test('an admin lists running act-as sessions and ends one', async ({ browser }) => {
  test.setTimeout(120_000);
  const u = unique('actend');
  const acme = await pageAs(browser, 'acme');
  const { a } = await twoCustomers(acme, u);
  await acme.context().close();

  const support = await signIn(browser, LOGINS.support);
  await actAs(support, a, `check ${u}`);
  await support.getByRole('button', { name: `Act as ${a.name}` }).click();
  await expect(support.getByTestId('act-as-banner')).toBeVisible();

  const admin = await pageAs(browser, 'admin');
  await admin.goto('/');
  await admin.getByRole('link', { name: /Act-as sessions running/ }).click();
  const running = admin.getByRole('table', { name: 'Running act-as sessions' });
  await expect(running.getByRole('row', { name: new RegExp(`check ${u}`) })).toBeVisible();
  await keepScreenshot(admin, 'admin', 'act-as-sessions');
  await admin.getByRole('button', { name: `End ${LOGINS.support} as ${a.name}` }).click();
  // The row leaves the running list as the page is drawn again.
  await expect(running.getByRole('row', { name: new RegExp(`check ${u}`) })).toHaveCount(0);
  await expect(
    admin.getByRole('table', { name: 'Ended act-as sessions' }).getByRole('row', { name: new RegExp(`check ${u}`) }),
  ).toBeVisible();

  // Support's next click: itself again, read-only, no banner.
  await support.goto('/aliases');
  await expect(support.getByTestId('act-as-banner')).toHaveCount(0);
  await expect(support.getByRole('link', { name: 'New alias' })).toHaveCount(0);
});

test('support acts as a mailbox: its post office pages under the banner, a forward set, no password form, then stops', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const name = unique('helpme');
  const address = `${name}@subhost1.example`;
  const customer = await pageAs(browser, 'subhost1');
  await customer.goto('/accounts/new');
  await customer.getByLabel('Account name').fill(name);
  await customer.getByLabel('Password').fill('Winter-Garden-42-Lantern');
  await customer.getByLabel('Also create its address').selectOption({ label: address });
  await customer.getByRole('button', { name: 'Create account' }).click();
  await customer.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(customer.getByRole('heading', { name })).toBeVisible();
  const accountPage = customer.url();

  const support = await signIn(browser, LOGINS.support);
  await support.goto(accountPage);
  await support.getByRole('link', { name: 'Act as this mailbox' }).click();
  const reason = `ticket ${name}: wants a forward`;
  await support.getByLabel('Reason').fill(reason);
  await support.getByRole('button', { name: `Act as ${address}` }).click();
  await expect(support).toHaveURL(/\/postoffice$/);
  const banner = support.getByTestId('act-as-banner');
  await expect(banner).toContainText(`Support ${LOGINS.support} acting as ${address}`);
  await expect(support.getByTestId('mailbox-login')).toHaveText(address);
  // The password is the owner's, and signing out is the owner's too: support leaves by "Stop acting".
  await expect(support.getByTestId('password-form')).toHaveCount(0);
  await expect(support.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await keepScreenshot(support, 'support', 'acting-as-mailbox');
  // The panel's pages wait until the act-as ends.
  await support.goto('/domains');
  await expect(support).toHaveURL(/\/postoffice$/);

  const forward = support.getByTestId('forward-forms').locator('form').first();
  await forward.getByLabel('Forward to').fill('helpdesk@example.net');
  await forward.getByRole('button', { name: 'Save forward' }).click();
  const confirm = forward.getByRole('button', { name: 'Confirm and save' });
  const state = support.getByTestId('forward-state').filter({ hasText: 'Forwarded to helpdesk@example.net' });
  await expect(confirm.or(state)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(state).toBeVisible();

  await banner.getByRole('button', { name: 'Stop acting' }).click();
  await expect(support.getByTestId('act-as-banner')).toHaveCount(0);
  await expect(support).not.toHaveURL(/\/postoffice/);

  // The customer reads who did it, in words.
  await customer.goto('/audit');
  await expect(customer.getByText(`support ${LOGINS.support} as ${address} (${reason})`).first()).toBeVisible();
});
