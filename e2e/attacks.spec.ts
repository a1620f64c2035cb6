// Attacks on the running panel, as an attacker would make them with a browser's tools (each test's title
// says the attack and what it must get). Each has a control that shows the attack itself works when it is
// the owner's own, so a refusal is the panel's doing, not a broken request.
import type { APIRequestContext, Page } from '@playwright/test';
import { pageAs, signIn } from './logins';
import { expect, test } from './test';
import { createCustomer, INITIAL_PASSWORD, unique } from './tenants';

/** The hidden and visible fields of a form on the page: what its submission posts (action id, bound args). */
async function formFields(page: Page, form: ReturnType<Page['locator']>): Promise<Record<string, string>> {
  return Object.fromEntries(await form.evaluate((f: HTMLFormElement) => [...new FormData(f)].map(([k, v]) => [k, String(v)])));
}

/** Posts a captured form as its browser would, from the panel's own origin, with `as`'s cookies. */
function replay(as: APIRequestContext, path: string, fields: Record<string, string>, baseURL: string) {
  return as.post(path, { multipart: fields, headers: { origin: baseURL }, maxRedirects: 0 });
}

test('replaying a customer’s server action (End session) with another tenant’s cookie: refused, nothing changed', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const u = unique('victim');
  const victim = { name: `Victim ${u}`, email: `${u}@e2e.test` };
  const acme = await pageAs(browser, 'acme');
  await createCustomer(acme, victim);
  await acme.context().close();

  // Two sessions of the victim's: from the first, the form that ends the second.
  const first = await signIn(browser, victim.email, INITIAL_PASSWORD);
  const second = await signIn(browser, victim.email, INITIAL_PASSWORD);
  await first.goto('/profile');
  const endForm = first.getByTestId('other-session').first().locator('form');
  const fields = await formFields(first, endForm);
  expect(Object.keys(fields).some((k) => k.startsWith('$ACTION'))).toBe(true);

  // Another reseller, and another customer of the same reseller, replay it with their own cookies.
  for (const who of ['bravo', 'subhost1'] as const) {
    const attacker = await pageAs(browser, who);
    const answer = await replay(attacker.request, '/profile', fields, baseURL!);
    expect(answer.status(), `${who}: a clear answer, not a server error`).toBeLessThan(500);
    await attacker.context().close();
    await second.goto('/profile');
    await expect(second.getByTestId('whoami'), `${who}'s replay ended nothing`).toContainText(victim.email);
  }

  // Without any session: sent to sign in.
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await replay(anonymous.request, '/profile', fields, baseURL!)).status()).toBeLessThan(500);
  await anonymous.close();
  await second.goto('/profile');
  await expect(second.getByTestId('whoami')).toContainText(victim.email);

  // Control: the owner's own replay does end it (the request above was a real one).
  await replay(first.request, '/profile', fields, baseURL!);
  await second.goto('/profile');
  await expect(second).toHaveURL(/\/login$/);
  await first.context().close();
  await second.context().close();
});

test('a POST from another origin to the login or to a server action: 403, not a 500', async ({ browser, baseURL }) => {
  const page = await pageAs(browser, 'subhost1');
  await page.goto('/profile');
  const fields = await formFields(page, page.getByTestId('own-password-form'));
  for (const path of ['/login', '/profile']) {
    const foreign = await page.request.post(path, {
      multipart: path === '/login' ? { email: 'subhost1@demo.test', password: 'x' } : fields,
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      maxRedirects: 0,
    });
    expect(foreign.status(), path).toBe(403);
  }
  // The same post from the panel's own origin is answered (a wrong current password, not a refusal).
  const own = await page.request.post('/profile', { multipart: fields, headers: { origin: baseURL! }, maxRedirects: 0 });
  expect(own.status()).toBeLessThan(500);
  expect(own.status()).not.toBe(403);
  await page.context().close();
});

test('an open redirect through the login’s callback URL: impossible, and a javascript: one is no 500', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  for (const callbackUrl of ['https://evil.example/', '//evil.example/', 'javascript:alert(1)', '/\\evil.example']) {
    const answer = await context.request.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
    expect(answer.status(), callbackUrl).toBeLessThan(500);
    const location = answer.headers()['location'] ?? '';
    expect(location, callbackUrl).not.toMatch(/evil\.example|javascript:/);
  }
  await context.close();
});

test('a malformed page cursor (/mail-hosts/{id}?before=zzz) and bad ids: a page, never a 500', async ({ browser }) => {
  const admin = await pageAs(browser, 'admin');
  await admin.goto('/mail-hosts');
  await admin.getByRole('link', { name: 'demo', exact: true }).click();
  const host = admin.url();
  for (const path of [`${host}?before=zzz`, `${host}?after=%00`, '/accounts/not-a-uuid', '/domains/00000000-0000-0000-0000-000000000000']) {
    const answer = await admin.goto(path);
    expect(answer?.status(), path).toBeLessThan(500);
  }
  await admin.context().close();
});

test('huge bodies and wrong types to an action and to the login: a clear 4xx or the form’s own answer, never a 500', async ({
  browser,
  baseURL,
}) => {
  const page = await pageAs(browser, 'subhost1');
  await page.goto('/profile');
  const fields = await formFields(page, page.getByTestId('own-password-form'));
  const huge = 'x'.repeat(3 * 1024 * 1024);
  const attempts: [string, Record<string, string>][] = [
    ['/profile', { ...fields, oldPassword: huge, newPassword: huge, repeatPassword: huge }],
    ['/login', { email: huge, password: huge }],
    // Wrong types: an array-like key, a number where text is due, a missing field.
    ['/profile', { ...fields, 'oldPassword[0]': 'x', newPassword: '12', repeatPassword: '' }],
  ];
  for (const [path, body] of attempts) {
    const answer = await page.request.post(path, { multipart: body, headers: { origin: baseURL! }, maxRedirects: 0 });
    expect(answer.status(), `${path}: ${answer.status()}`).toBeLessThan(500);
    expect(await answer.text()).not.toMatch(/at .*\(\/.*\.js:\d+:\d+\)/); // no stack trace
  }
  // The password did not change: the demo login still signs in (auth.setup's session is untouched).
  await page.goto('/profile');
  await expect(page.getByTestId('whoami')).toContainText('subhost1@demo.test');
  await page.context().close();
});
