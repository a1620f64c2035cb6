// Mail hosts and the sync job in the built panel, with its in-app worker: an admin adds a local host,
// publishes it with "Sync now", reads the run and its files, edits the host (which republishes it); a
// reseller sees its hosts' status only; a customer sees whether its data is live.
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs, signIn, stateFile } from './logins';
import {
  addDomain,
  approveDomain,
  createCustomer,
  createLocalHost,
  createReseller,
  INITIAL_PASSWORD,
  localHostPaths,
  unique,
} from './tenants';

async function waitForRevision(page: Page, revision: number) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('live-revision')).toHaveText(String(revision), { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test.describe('as an admin', () => {
  test.use({ storageState: stateFile('admin') });

  test('adds a local host, publishes it with Sync now, reads the run, and edits the host', async ({ page }) => {
    // A host of its own, so its revisions count only this test's publishes.
    const host = unique('mxsync');
    const { mapDir, newaliases } = await localHostPaths(host);
    await page.goto('/mail-hosts/new');
    await page.getByLabel('Name').fill(host);
    await page.getByLabel('Map directory').fill(mapDir);
    await page.getByText('Paths and commands').click();
    await expect(page.getByLabel('Build a map')).toHaveAttribute('placeholder', '/usr/sbin/makemap hash {file} < {file}');
    await page.getByLabel('Build the aliases').fill('newaliases {file}');
    await page.getByLabel('passwd-file group').fill('none');
    await page.getByRole('button', { name: 'Add mail host' }).click();
    await expect(page.locator('#field-cmd_buildAliases-error')).toContainText('absolute path');

    await page.getByLabel('Build the aliases').fill(`${newaliases} {file}`);
    await page.getByRole('button', { name: 'Add mail host' }).click();
    await expect(page).toHaveURL(/\/mail-hosts$/);
    await expect(page.getByTestId(`host-${host}`)).toContainText('never published');
    await page.getByRole('link', { name: host, exact: true }).click();
    await expect(page.getByTestId('live-revision')).toHaveText('never published');

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('form-message')).toContainText(`Publishing ${host} now`);
    await waitForRevision(page, 1);
    await page.getByRole('link', { name: 'revision 1' }).click();
    await expect(page.getByRole('heading', { name: `${host} revision 1` })).toBeVisible();
    await expect(page.getByTestId('run-status')).toContainText('succeeded');
    await expect(page.getByRole('cell', { name: 'local-host-names', exact: true })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'dovecot-passwd', exact: true })).toBeVisible();

    await page.goto('/mail-hosts');
    await expect(page.getByTestId(`host-${host}`)).toContainText('Live');
    await page.getByRole('link', { name: host, exact: true }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByText('Paths and commands').click();
    await expect(page.getByLabel('Build the aliases')).toHaveValue(`${newaliases} {file}`);
    await page.getByLabel('Older revisions kept').fill('5');
    await page.getByRole('button', { name: 'Save mail host' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'saved' })).toBeVisible();
    await waitForRevision(page, 2);
    // One publish for the edit (its change and its own job coalesce; whichever runs first does the work).
    await expect(page.getByRole('row', { name: /^revision 2 succeeded (settings|change)/ })).toBeVisible();
    await expect(page.getByRole('link', { name: 'revision 3' })).toHaveCount(0);
  });
});

test.describe('as a reseller', () => {
  test.use({ storageState: stateFile('acme') });

  test("sees its hosts' sync status, but no connection, no history and no Sync now", async ({ page, browser }) => {
    // The operator's view of the same list has every one of the things the reseller must not see,
    // including a host of the operator's own that no reseller uses.
    const otherHost = unique('mxother');
    const admin = await pageAs(browser, 'admin');
    await createLocalHost(admin, otherHost);
    await admin.goto('/mail-hosts');
    await expect(admin.getByRole('columnheader', { name: 'Transport' })).toBeVisible();
    await expect(admin.getByTestId('host-demo').getByRole('button', { name: 'Sync now' })).toBeVisible();
    await expect(admin.getByTestId('host-demo')).toContainText('mailhost/demo');
    await admin.getByRole('link', { name: 'demo', exact: true }).click();
    await admin.waitForURL(/\/mail-hosts\/[0-9a-f-]{36}$/);
    const hostPath = new URL(admin.url()).pathname;
    await admin.context().close();

    await page.goto('/mail-hosts');
    const row = page.getByTestId('host-demo');
    await expect(row).toBeVisible();
    await expect(row.getByTestId('host-status')).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Transport' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sync now' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'demo', exact: true })).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('mailhost/demo');
    await expect(page.getByTestId(`host-${otherHost}`)).toHaveCount(0);

    for (const p of [hostPath, `${hostPath}/edit`]) {
      expect((await page.goto(p))?.status(), p).toBe(404);
    }
  });
});

test.describe('as a customer', () => {
  test('sees whether its domain is live on the mail host', async ({ browser }) => {
    // A customer of its own on a host of its own (one that publishes in about a second), so the badge
    // waits for this customer's changes alone, and nothing else's publish can hold it up.
    const host = unique('mxlive');
    const reseller = { name: `Live Reseller ${unique('r')}`, email: `${unique('live-reseller')}@demo.test`, host };
    const customer = { name: `Live Customer ${unique('c')}`, email: `${unique('live-customer')}@demo.test` };
    const domain = `${unique('live')}.example`;
    const admin = await pageAs(browser, 'admin');
    await createLocalHost(admin, host);
    await createReseller(admin, reseller);
    const resellerPage = await signIn(browser, reseller.email, INITIAL_PASSWORD);
    await createCustomer(resellerPage, customer);
    await addDomain(resellerPage, domain, customer.name);
    await approveDomain(admin, domain);

    const page = await signIn(browser, customer.email, INITIAL_PASSWORD);
    await page.goto('/domains');
    await page.getByRole('link', { name: domain, exact: true }).click();
    // The worker publishes the host by itself; the badge asks again every 2 s until it is live.
    await expect(page.getByTestId('sync-status')).toHaveText('Live on the mail host', { timeout: 30_000 });
    expect((await page.goto('/mail-hosts'))?.status()).toBe(404);
  });
});
