// Bringing an old sendmail host in, in Chromium: an operator uploads the host's files, reads the dry run
// (what would be created, every kept-out line with its line and why), applies it and watches the progress
// bar, downloads the report, and traces a few of the imported addresses.
import { expect, test } from './test';
import { pageAs } from './logins';
import { unique } from './tenants';

test('an operator imports a sendmail host: upload, dry run, apply with progress, report, trace', async ({ browser }) => {
  test.setTimeout(180_000);
  const u = unique('imp');
  const shop = `shop-${u}.example`;
  const old = `old-${u}.example`;
  const customer = `Imported ${u}`;
  const files: Record<string, string> = {
    'local-host-names': `${shop}\n${old}\n`,
    virtusertable: [
      `info@${shop}\tsales${u}`,
      `boss@${shop}\tceo@partner.example`,
      `gone@${shop}\terror:nouser This address is no longer in use`,
      `@${old}\t%1@${shop}`,
      `prog@${shop}\t/dev/null`,
    ].join('\n'),
    aliases: `postmaster: root\nsales${u}: ann${u}, bob${u}\nlog${u}: "|/usr/bin/logger"\n`,
    passwd: `root:x:0:0:root:/root:/bin/bash\nann${u}:x:1000:100::/home/ann:/bin/false\nbob${u}:x:1001:100::/home/bob:/bin/false\n`,
    shadow: `ann${u}:$1$redhat$cTQ9ihhTCwVwBT1DJs9KC0:19000::::::\nbob${u}:!:19000::::::\n`,
  };

  const page = await pageAs(browser, 'admin');
  await page.goto('/mail-hosts');
  await page.getByRole('link', { name: 'demo' }).click();
  await page.getByRole('link', { name: 'Import a sendmail host…' }).click();
  await expect(page.getByRole('heading', { name: 'Import a sendmail host into demo' })).toBeVisible();
  for (const [name, text] of Object.entries(files)) {
    await page.getByLabel(name, { exact: true }).setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  }
  await page.getByLabel('Customer', { exact: true }).fill(customer);
  // The upload's own form (the page's second form reads the host's files instead).
  await page.getByLabel('Create this customer').first().check();
  await page.getByRole('button', { name: 'Dry run', exact: true }).click();

  // The dry run: counts, and each kept-out line with where it is and why.
  await expect(page.getByTestId('import-summary')).toContainText('The dry run would create 2 domains, 2 accounts, 1 aliases');
  const keptOut = page.getByTestId('kept-out');
  await expect(keptOut.getByRole('row', { name: /virtusertable:5 .*prog@/ })).toContainText('Cannot mail directly to files');
  await expect(keptOut.getByRole('row', { name: /aliases:3 .*log/ })).toContainText('Program target');
  await expect(keptOut.getByRole('row', { name: /passwd:1 .*root/ })).toContainText('System account');
  await expect(page.getByRole('region', { name: /cannot log in/ })).toContainText(`bob${u}`);

  // Apply: a background job; the bar fills and the page then shows what was imported.
  await page.getByRole('button', { name: 'Apply the import' }).click();
  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('import-status')).toHaveText('Imported', { timeout: 60_000 });
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('import-summary')).toContainText('Imported 2 domains, 2 accounts, 1 aliases');

  // The report, as the command line writes it.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the report (JSON)' }).click();
  const report = JSON.parse(await (await (await download).createReadStream()).toArray().then((c) => Buffer.concat(c).toString())) as {
    applied: boolean;
    keptOut: { file: string; line: number; lineEnd: number; key: string }[];
  };
  expect(report.applied).toBe(true);
  expect(report.keptOut).toContainEqual(expect.objectContaining({ file: 'virtusertable', line: 5, lineEnd: 5, key: `prog@${shop}` }));

  // Where the imported addresses go now, as the tracer tells it.
  await page.getByRole('link', { name: 'Trace an address' }).click();
  const trace = async (address: string) => {
    await page.getByLabel('Address').fill(address);
    await page.getByRole('button', { name: /trace/i }).click();
    return page.getByRole('main');
  };
  await expect(await trace(`info@${shop}`)).toContainText(`ann${u}`);
  await expect(await trace(`info@${shop}`)).toContainText(`bob${u}`);
  await expect(await trace(`anything@${old}`)).toContainText(`anything@${shop}`);
  await expect(await trace(`gone@${shop}`)).toContainText('553');

  // The host's maps as each MTA reads them now: the imported keys are in them.
  await page.goto('/mail-hosts');
  await page.getByRole('link', { name: 'demo' }).click();
  const mapFile = async (list: string, file: string) => {
    const saved = page.waitForEvent('download');
    await page.getByRole('list', { name: list }).getByRole('link', { name: file, exact: true }).click();
    return Buffer.concat(await (await (await saved).createReadStream()).toArray()).toString();
  };
  expect(await mapFile('sendmail map files', 'virtusertable')).toContain(`gone@${shop}\terror:nouser This address is no longer in use`);
  expect(await mapFile('Postfix map files', 'access')).toContain(`gone@${shop}\t553 5.3.0 This address is no longer in use`);
});

test('a customer exports its mail as CSV and imports the same file: a no-op', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await pageAs(browser, 'subhost1');
  await page.goto('/accounts');
  await page.getByRole('link', { name: 'Import or export CSV' }).click();
  await expect(page.getByRole('heading', { name: 'Import and export CSV' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const text = Buffer.concat(await (await (await download).createReadStream()).toArray()).toString();
  const rows = text.split('\r\n').filter(Boolean);
  expect(rows[0]).toBe('kind,host,customer,name,domain,target,quota_mb,enabled');
  expect(rows.length).toBeGreaterThan(3);

  const file = page.getByLabel('CSV file');
  await file.setInputFiles({ name: 'mail.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByRole('status')).toContainText(
    `The file is fine: importing it would create 0 accounts, 0 aliases and 0 virtmaps; ${rows.length - 1} rows are already in the panel as they are.`,
  );
  await file.setInputFiles({ name: 'mail.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Imported: created 0 accounts, 0 aliases and 0 virtmaps');
  // And the export after it is the same file.
  const again = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  expect(Buffer.concat(await (await (await again).createReadStream()).toArray()).toString()).toBe(text);
});
