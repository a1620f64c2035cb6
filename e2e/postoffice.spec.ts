// The end customer's post office: a mailbox of this spec's own (made by its customer through the panel)
// signs in at /postoffice, changes its password, forwards with a copy, sets and clears an autoreply; its
// customer sees the same on the account page and "Where does mail go?" shows the forward. A postoffice
// session finds no panel (every panel URL is a 404), a panel session finds only the mailbox login at
// /postoffice, and a forged field naming another account changes nothing of it.
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { pageAs, stateFile } from './logins';
import { addDomain, approveDomain, unique } from './tenants';

test.use({ storageState: stateFile('subhost1') });

const FIRST_PASSWORD = 'Winter-Garden-42-Lantern';
const NEW_PASSWORD = 'Copper-Kettle-Marsh-7391';

/** Submitted: when routes change the form asks first (the review step), and is confirmed; then `done` shows. */
async function confirmUntil(form: Locator, done: Locator) {
  const review = form.getByTestId('confirm-changes');
  await expect(review.or(done)).toBeVisible();
  if (await review.isVisible()) await form.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(done).toBeVisible();
}

/** A new account with its address, made by the signed-in customer; returns its id. */
async function createAccount(customer: Page, name: string, domain: string): Promise<string> {
  await customer.goto('/accounts/new');
  await customer.getByLabel('Account name').fill(name);
  await customer.getByLabel('Password').fill(FIRST_PASSWORD);
  await customer.getByLabel('Also create its address').selectOption({ label: `${name}@${domain}` });
  await customer.getByRole('button', { name: 'Create account' }).click();
  await expect(customer.getByTestId('confirm-changes')).toBeVisible();
  await customer.getByRole('button', { name: 'Confirm and save' }).click();
  await expect(customer.getByRole('heading', { name })).toBeVisible();
  const id = /\/accounts\/([0-9a-f-]{36})/.exec(customer.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/** A wrong password at the post office: refused in the panel login's words, the address kept, no session. */
async function refusedLogin(browser: Browser, address: string, password: string) {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await page.goto('/postoffice/login');
  await page.getByLabel('Email address').fill(address);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status')).toHaveText('That address and password do not match a mailbox.');
  await expect(page.getByLabel('Email address')).toHaveValue(address);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await page.context().close();
}

/** A page in a fresh context (no session at all), signed in at the post office. */
async function mailboxPage(browser: Browser, address: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await page.goto('/postoffice');
  await expect(page).toHaveURL(/\/postoffice\/login$/);
  await page.getByLabel('Email address').fill(address);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('mailbox-login')).toHaveText(address);
  return page;
}

test('a mailbox owner self-serves at /postoffice, and the panel shows what it set', async ({ page, browser }) => {
  const domain = `${unique('postoffice')}.example`;
  const name = unique('pat');
  const other = unique('quinn');
  const address = `${name}@${domain}`;
  const acme = await pageAs(browser, 'acme');
  await addDomain(acme, domain, 'Subhost One');
  await acme.context().close();
  const admin = await pageAs(browser, 'admin');
  await approveDomain(admin, domain);

  // Two mailboxes of the customer's own: pat self-serves, quinn is the one a forged field names.
  const otherId = await createAccount(page, other, domain);
  const patId = await createAccount(page, name, domain);
  await expect(page.getByTestId('account-login')).toContainText(address);

  // The operator links the host's webmail; a javascript: link is refused next to its field, nothing saved.
  await page.goto(`/accounts/${patId}`);
  const hostName = (await page.locator('dt:has-text("Mail host") + dd').innerText()).trim();
  await admin.goto('/mail-hosts');
  await admin.getByTestId(`host-${hostName}`).getByRole('link', { name: hostName }).click();
  const webmail = admin.getByLabel('Webmail URL');
  await webmail.fill('javascript:alert(1)');
  await admin.getByRole('button', { name: 'Save webmail URL' }).click();
  await expect(admin.locator('#field-webmailUrl-error')).toContainText('starts with https://');
  await expect(webmail).toHaveValue('javascript:alert(1)');
  const webmailUrl = `https://webmail.${domain}/`;
  await webmail.fill(webmailUrl);
  await admin.getByRole('button', { name: 'Save webmail URL' }).click();
  await expect(admin.getByTestId('webmail-message')).toContainText('now link to');
  await admin.context().close();

  // A wrong password is refused like the panel's login; the right one opens the mailbox's own page.
  await refusedLogin(browser, address, 'not the password');
  const mailbox = await mailboxPage(browser, address, FIRST_PASSWORD);
  await expect(mailbox.getByTestId('mailbox-addresses')).toContainText(address);
  await expect(mailbox.getByTestId('mailbox-usage')).toContainText(/read at|tried at/);
  await expect(mailbox.getByTestId('forward-state')).toContainText('Not forwarded');
  await expect(mailbox.getByRole('link', { name: 'Open webmail' })).toHaveAttribute('href', webmailUrl);

  // With the mailbox's session there is no panel: every panel URL is "Not found".
  for (const url of ['/', '/accounts', '/domains', `/accounts/${patId}`, `/accounts/${otherId}`, '/aliases', '/routes', '/audit']) {
    const answer = await mailbox.goto(url);
    expect(answer?.status(), url).toBe(404);
    await expect(mailbox.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }
  // With a panel session, /postoffice asks for a mailbox login.
  await page.goto('/postoffice');
  await expect(page).toHaveURL(/\/postoffice\/login$/);
  await expect(page.getByLabel('Email address')).toBeVisible();

  // The password: a repeat that differs is refused at its field, and nothing is echoed back. A second
  // session of the mailbox (another browser) ends with the change; this one stays.
  const elsewhere = await mailboxPage(browser, address, FIRST_PASSWORD);
  await mailbox.goto('/postoffice');
  const password = mailbox.getByTestId('password-form');
  await password.getByLabel('Current password').fill(FIRST_PASSWORD);
  await password.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await password.getByLabel('New password again').fill(`${NEW_PASSWORD}x`);
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(password.locator('#field-repeatPassword-error')).toHaveText('The two new passwords are not the same.');
  await expect(password.getByLabel('Current password')).toHaveValue('');
  await password.getByLabel('Current password').fill(FIRST_PASSWORD);
  await password.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await password.getByLabel('New password again').fill(NEW_PASSWORD);
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(mailbox.getByTestId('password-changed')).toContainText('Password changed');
  // This browser stays signed in, the other one is signed out; the old password no longer opens the
  // mailbox, the new one does.
  await mailbox.reload();
  await expect(mailbox.getByTestId('mailbox-login')).toHaveText(address);
  await elsewhere.goto('/postoffice');
  await expect(elsewhere).toHaveURL(/\/postoffice\/login$/);
  await elsewhere.context().close();
  await refusedLogin(browser, address, FIRST_PASSWORD);
  const again = await mailboxPage(browser, address, NEW_PASSWORD);
  await again.context().close();

  // A forward: a bad address is refused at its field with the typed text kept, nothing saved.
  const forward = mailbox.getByTestId('forward-forms').locator('form').first();
  await forward.getByLabel('Forward to').fill('dave@example.net\nnot an address');
  await forward.getByRole('button', { name: 'Save forward' }).click();
  await expect(forward.locator('#field-addresses-error')).toBeVisible();
  await expect(forward.getByLabel('Forward to')).toHaveValue('dave@example.net\nnot an address');
  await expect(mailbox.getByTestId('forward-state')).toContainText('Not forwarded');
  // A forged field naming another account is ignored: the forward is the session's own mailbox's.
  await forward.evaluate((form, id) => {
    for (const field of ['accountId', 'id']) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = field;
      input.value = id;
      form.appendChild(input);
    }
  }, otherId);
  await forward.getByLabel('Forward to').fill('dave@example.net');
  await forward.getByLabel('Keep a copy in this mailbox').check();
  await forward.getByRole('button', { name: 'Save forward' }).click();
  await confirmUntil(
    forward,
    mailbox.getByTestId('forward-state').filter({ hasText: 'Forwarded to dave@example.net, with a copy kept here.' }),
  );

  // An autoreply: a last day before the first is refused, then one is set.
  const autoreply = mailbox.getByTestId('autoreply-forms').locator('form').first();
  await autoreply.getByLabel('Subject').fill('Away this week');
  await autoreply.getByLabel('Text').fill('Back on Monday.');
  await autoreply.getByLabel('First day').fill('2031-06-10');
  await autoreply.getByLabel('Last day').fill('2031-06-01');
  await autoreply.getByRole('button', { name: 'Save autoreply' }).click();
  await expect(autoreply.locator('#field-endsOn-error')).toBeVisible();
  await expect(autoreply.getByLabel('Subject')).toHaveValue('Away this week');
  await expect(mailbox.getByTestId('autoreply-state')).toHaveText('Off.');
  await autoreply.getByLabel('Last day').fill('2031-06-20');
  await expect(autoreply.getByLabel(/Once per sender every/)).toHaveValue('7');
  await autoreply.getByRole('button', { name: 'Save autoreply' }).click();
  await confirmUntil(autoreply, mailbox.getByTestId('autoreply-state').filter({ hasText: 'from 2031-06-10 to 2031-06-20' }));

  // The customer sees both on the account page, the forward on the route page, and quinn untouched.
  await page.goto(`/accounts/${patId}`);
  await expect(page.getByTestId('forward-state')).toHaveText('Forwarded to dave@example.net, with a copy kept here.');
  await expect(page.getByTestId('autoreply-state')).toContainText('“Away this week”');
  await page.goto(`/routes?address=${encodeURIComponent(address)}`);
  await expect(page.getByTestId('route-outcome')).toContainText('dave@example.net');
  await page.goto(`/accounts/${otherId}`);
  await expect(page.getByTestId('forward-state')).toContainText('Not forwarded');

  // The account page's own "Save forward" for quinn, caught on its way (never sent by the customer) and
  // replayed with the mailbox's session: the mailbox may not reach quinn, nothing changes.
  const caught = new Promise<{ headers: Record<string, string>; body: Buffer }>((resolve) => {
    void page.route(`**/accounts/${otherId}`, async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      resolve({ headers: await request.allHeaders(), body: request.postDataBuffer() ?? Buffer.from('') });
      await route.abort();
    });
  });
  const quinnForward = page.getByTestId('forward-forms').locator('form').first();
  await quinnForward.getByLabel('Forward to').fill('mallory@example.net');
  await quinnForward.getByRole('button', { name: 'Save forward' }).click();
  const { headers, body } = await caught;
  await page.unroute(`**/accounts/${otherId}`);
  const { cookie: _cookie, 'content-length': _length, host: _host, ...replayHeaders } = headers;
  const replay = await mailbox.context().request.post(`/accounts/${otherId}`, { headers: replayHeaders, data: body });
  expect(await replay.text()).toContain('was not found');
  await page.goto(`/accounts/${otherId}`);
  await expect(page.getByTestId('forward-state')).toContainText('Not forwarded');

  // Turned off at the post office, gone from the account page too.
  await mailbox.goto('/postoffice');
  const off = mailbox.getByTestId('autoreply-forms').locator('form').nth(1);
  await off.getByRole('button', { name: 'Turn off autoreply' }).click();
  await confirmUntil(off, mailbox.getByTestId('autoreply-state').filter({ hasText: /^Off\.$/ }));
  await page.goto(`/accounts/${patId}`);
  await expect(page.getByTestId('autoreply-state')).toHaveText('Off.');

  // Signing out ends this browser's postoffice session.
  await mailbox.getByRole('button', { name: 'Sign out' }).click();
  await expect(mailbox).toHaveURL(/\/postoffice\/login$/);
  await mailbox.context().close();
});
