// What a spec makes for itself through the panel, under names no other spec (nor another test of the same
// spec) uses: the specs run in any order and side by side (playwright.config.ts), so none may read data
// another one makes or changes.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

let made = 0;

/** `prefix-<time><process><n>`, lower case: unique to this run, this worker process and this call. */
export function unique(prefix: string): string {
  made += 1;
  return `${prefix}-${Date.now().toString(36)}${process.pid.toString(36)}${made}`;
}

export const INITIAL_PASSWORD = 'e2e password 1234';

/** A new customer of the signed-in reseller, left on its page. */
export async function createCustomer(reseller: Page, customer: { name: string; email: string; password?: string }) {
  await reseller.goto('/customers/new');
  await reseller.getByLabel('Customer name').fill(customer.name);
  await reseller.getByLabel('Login email').fill(customer.email);
  await reseller.getByLabel('Initial password').fill(customer.password ?? INITIAL_PASSWORD);
  await reseller.getByRole('button', { name: 'Create customer' }).click();
  await expect(reseller.getByRole('heading', { name: customer.name })).toBeVisible();
}

/** A new domain for one of the signed-in reseller's customers, left on its page. */
export async function addDomain(reseller: Page, name: string, customer: string) {
  await reseller.goto('/domains/new');
  await reseller.getByLabel('Domain name').fill(name);
  await reseller.getByLabel('Customer').selectOption({ label: customer });
  await reseller.getByRole('button', { name: 'Add domain' }).click();
  await expect(reseller.getByRole('heading', { name })).toBeVisible();
}

/** The operator vouches for a domain (docs/domain-ownership.md), so the mail host takes mail for it. */
export async function approveDomain(admin: Page, name: string) {
  await admin.goto(`/domains?q=${encodeURIComponent(name)}`);
  await admin.getByRole('link', { name, exact: true }).click();
  await admin.getByRole('button', { name: 'Approve ownership' }).click();
  await expect(admin.getByTestId('domain-ownership')).toContainText('Ownership proven');
}

/** A new reseller that may use one mail host, left on its page. */
export async function createReseller(admin: Page, reseller: { name: string; email: string; host: string; password?: string }) {
  await admin.goto('/resellers/new');
  await admin.getByLabel('Reseller name').fill(reseller.name);
  await admin.getByLabel('Login email').fill(reseller.email);
  await admin.getByLabel('Initial password').fill(reseller.password ?? INITIAL_PASSWORD);
  await admin.getByLabel(reseller.host, { exact: true }).check();
  await admin.getByRole('button', { name: 'Create reseller' }).click();
  await expect(admin.getByRole('heading', { name: reseller.name })).toBeVisible();
}

/**
 * A local mail host's map directory and its "build the aliases" command. sendmail -bi sleeps 60 s at start
 * on a machine whose host name is unqualified (DOMAIN.md): the command builds the aliases in a UTS
 * namespace with a qualified name (root, as the MTA tests). Each host gets its own copy of the script, so
 * no publish runs a script another worker is writing.
 */
export async function localHostPaths(host: string): Promise<{ mapDir: string; newaliases: string }> {
  const tools = path.resolve('.data/e2e-sync-tools', host);
  const newaliases = path.join(tools, 'newaliases');
  await mkdir(tools, { recursive: true });
  await writeFile(
    newaliases,
    `#!/bin/sh\nexec /usr/bin/unshare --uts /bin/sh -c 'hostname mail.mailpanel.test && exec /usr/sbin/sendmail -bi "-oAhash:$0"' "$1"\n`,
  );
  await chmod(newaliases, 0o755);
  return { mapDir: path.resolve('.data/e2e/mailhost', host), newaliases };
}

/** A local sendmail host that publishes in about a second, left on the mail host list. */
export async function createLocalHost(admin: Page, host: string) {
  const { mapDir, newaliases } = await localHostPaths(host);
  await admin.goto('/mail-hosts/new');
  await admin.getByLabel('Name').fill(host);
  await admin.getByLabel('Map directory').fill(mapDir);
  await admin.getByText('Paths and commands').click();
  await admin.getByLabel('Build the aliases').fill(`${newaliases} {file}`);
  await admin.getByLabel('passwd-file group').fill('none');
  await admin.getByRole('button', { name: 'Add mail host' }).click();
  await expect(admin).toHaveURL(/\/mail-hosts$/);
  await expect(admin.getByTestId(`host-${host}`)).toBeVisible();
}
