// Mail hosts and the sync job in the built panel, with its in-app worker: an admin adds a local host,
// publishes it with "Sync now", reads the run and its files, edits the host (which republishes it); a
// reseller sees its hosts' status only; a customer sees whether its data is live.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { LOGINS, PASSWORD, stateFile } from './logins';

// sendmail -bi sleeps 60 s at start on a machine whose host name is unqualified (DOMAIN.md): the test host
// builds its aliases in a UTS namespace with a qualified name (root, as the MTA tests).
const TOOLS = path.resolve('.data/e2e-sync-tools');
const NEWALIASES = path.join(TOOLS, 'newaliases');
const MAP_DIR = path.resolve('.data/e2e/mailhost/mxsync');

test.beforeAll(async () => {
  await rm(MAP_DIR, { recursive: true, force: true }); // a map directory of an earlier run would carry on its revisions
  await mkdir(TOOLS, { recursive: true });
  await writeFile(
    NEWALIASES,
    `#!/bin/sh\nexec /usr/bin/unshare --uts /bin/sh -c 'hostname mail.mailpanel.test && exec /usr/sbin/sendmail -bi "-oAhash:$0"' "$1"\n`,
  );
  await chmod(NEWALIASES, 0o755);
});

async function waitForRevision(page: Page, revision: number) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('live-revision')).toHaveText(String(revision), { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test.describe('as an admin', () => {
  test.use({ storageState: stateFile('admin') });

  test('adds a local host, publishes it with Sync now, reads the run, and edits the host', async ({ page }) => {
    await page.goto('/mail-hosts/new');
    await page.getByLabel('Name').fill('mxsync');
    await page.getByLabel('Map directory').fill(MAP_DIR);
    await page.getByText('Paths and commands').click();
    await expect(page.getByLabel('Build a map')).toHaveAttribute('placeholder', '/usr/sbin/makemap hash {file} < {file}');
    await page.getByLabel('Build the aliases').fill('newaliases {file}');
    await page.getByLabel('passwd-file group').fill('none');
    await page.getByRole('button', { name: 'Add mail host' }).click();
    await expect(page.locator('#field-cmd_buildAliases-error')).toContainText('absolute path');

    await page.getByLabel('Build the aliases').fill(`${NEWALIASES} {file}`);
    await page.getByRole('button', { name: 'Add mail host' }).click();
    await expect(page).toHaveURL(/\/mail-hosts$/);
    await expect(page.getByTestId('host-mxsync')).toContainText('never published');
    await page.getByRole('link', { name: 'mxsync', exact: true }).click();
    await expect(page.getByTestId('live-revision')).toHaveText('never published');

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('form-message')).toContainText('Publishing mxsync now');
    await waitForRevision(page, 1);
    await page.getByRole('link', { name: 'revision 1' }).click();
    await expect(page.getByRole('heading', { name: 'mxsync revision 1' })).toBeVisible();
    await expect(page.getByTestId('run-status')).toContainText('succeeded');
    await expect(page.getByRole('cell', { name: 'local-host-names', exact: true })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'dovecot-passwd', exact: true })).toBeVisible();

    await page.goto('/mail-hosts');
    await expect(page.getByTestId('host-mxsync')).toContainText('In sync');
    await page.getByRole('link', { name: 'mxsync' }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByText('Paths and commands').click();
    await expect(page.getByLabel('Build the aliases')).toHaveValue(`${NEWALIASES} {file}`);
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
    await page.goto('/mail-hosts');
    const row = page.getByTestId('host-demo');
    await expect(row).toBeVisible();
    await expect(row.getByTestId('host-status')).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Transport' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sync now' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'demo', exact: true })).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('mailhost/demo');
    await expect(page.getByTestId('host-mxsync')).toHaveCount(0);

    const admin = await (await browser.newContext({ storageState: stateFile('admin') })).newPage();
    await admin.goto('/mail-hosts');
    await admin.getByRole('link', { name: 'demo', exact: true }).click();
    await admin.waitForURL(/\/mail-hosts\/[0-9a-f-]{36}$/);
    const hostPath = new URL(admin.url()).pathname;
    await admin.context().close();
    for (const p of [hostPath, `${hostPath}/edit`]) {
      expect((await page.goto(p))?.status(), p).toBe(404);
    }
  });
});

test.describe('as a customer', () => {
  test('sees whether its domain is live on the mail host', async ({ page }) => {
    // A fresh sign-in: an earlier spec may have ended the saved session.
    await page.goto('/login');
    await page.getByLabel('Email').fill(LOGINS.subhost1);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('whoami')).toContainText(LOGINS.subhost1);
    await page.goto('/domains');
    await page.getByRole('link', { name: 'subhost1.example', exact: true }).click();
    await expect(page.getByTestId('sync-status')).toHaveText(/Live on the mail host|Waiting for sync/);
    expect((await page.goto('/mail-hosts'))?.status()).toBe(404);
  });
});
