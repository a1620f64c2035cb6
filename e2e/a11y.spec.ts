// Accessible and responsive, for every role: each main page a role can reach from its overview (every
// screen of lib/auth/screens.ts it may open, one object of each kind) passes axe's WCAG 2.1 A/AA checks with
// no serious or critical finding, has one <main>, a one-row header at 1280 px and fits a 390 px phone
// (screenshots attached). Then what a keyboard or screen reader user meets: a skip link first, visible
// focus, a phone menu that works without JavaScript, and focus on the form's answer after a submit. Each
// page opened also carries the security headers (e2e/security-headers.ts).
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test';
import { SCREENS } from '../lib/auth/screens';
import { checkPage, DESKTOP, panelLinks, PHONE, routeOf } from './a11y-checks';
import { PASSWORD, pageAs, stateFile, type Who } from './logins';
import { expectSecurityHeaders } from './security-headers';
import { createCustomer, unique } from './tenants';

/**
 * Each role's demo login, and its own record when no page links to it: found on the list of the one above
 * (the demo's Acme Hosting and its Subhost One).
 */
const ROLES: { kind: 'admin' | 'support' | 'reseller' | 'customer'; who: Who; own?: { as: Who; list: string; name: string } }[] = [
  { kind: 'admin', who: 'admin' },
  { kind: 'support', who: 'support' },
  { kind: 'reseller', who: 'acme', own: { as: 'admin', list: '/resellers', name: 'Acme Hosting' } },
  { kind: 'customer', who: 'subhost1', own: { as: 'acme', list: '/customers', name: 'Subhost One' } },
];

/** The demo's mailbox (scripts/lib/demo-data.ts): only read here, never changed. */
const DEMO_MAILBOX = 'joe@subhost1.example';
const NO_SUCH_ROW = '/domains/00000000-0000-0000-0000-000000000000';

/**
 * Screens a role opens only when its reseller allows it: the demo's customers may not add domains, so no
 * link leads there (the same form is checked as the reseller's; e2e/tenants-manage.spec.ts uses it as an
 * allowed customer).
 */
const ONLY_WHEN_ALLOWED: Partial<Record<(typeof ROLES)[number]['kind'], string[]>> = { customer: ['/domains/new'] };

/** Screens reached by a form's button rather than a link (a list's bulk review): opened directly. */
const BY_FORM = ['/accounts/bulk', '/aliases/bulk', '/domains/bulk', '/search'];

/**
 * Screens that exist only once a form has made their row: an import run's page follows a dry run's upload
 * (e2e/import.spec.ts opens it, and the attack suite every role's answer), so no link leads to one here.
 */
const MADE_BY_A_FORM = ['/mail-hosts/[id]/import/[runId]'];

/** The screens `kind` may open, as routes ("[runId]" is an id like any other). */
function screensOf(kind: (typeof ROLES)[number]['kind']): string[] {
  return Object.values(SCREENS)
    .filter((s) => kind in s.who && !ONLY_WHEN_ALLOWED[kind]?.includes(s.path) && !MADE_BY_A_FORM.includes(s.path))
    .map((s) => s.path.replace(/\[\w+\]/g, '[id]'));
}

/** The path of `own` (e.g. the reseller's own page) as its parent's list links to it. */
async function ownPath(browser: Browser, own: NonNullable<(typeof ROLES)[number]['own']>): Promise<string> {
  const page = await pageAs(browser, own.as);
  await page.goto(`${own.list}?q=${encodeURIComponent(own.name)}`);
  const href = await page.getByRole('link', { name: own.name, exact: true }).first().getAttribute('href');
  await page.context().close();
  expect(href).toBeTruthy();
  return href!;
}

/** Opens the overview (and `more`), then every page they link to, one page of each route, checking each. */
async function crawl(page: Page, more: string[], check: (name: string) => Promise<void>): Promise<Set<string>> {
  const queue = ['/', ...more];
  const seen = new Set<string>(queue.map(routeOf));
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    await expectSecurityHeaders(await page.goto(path), path);
    await check(routeOf(path));
    for (const link of await panelLinks(page)) {
      const route = routeOf(link);
      if (seen.has(route)) continue;
      seen.add(route);
      queue.push(link);
    }
  }
  return seen;
}

for (const role of ROLES) {
  test(`every main page of a ${role.kind}: no serious axe finding, one <main>, fits 390 px`, async ({ browser }, testInfo) => {
    test.setTimeout(15 * 60_000);
    const byForm = BY_FORM.filter((path) => screensOf(role.kind).includes(path));
    const more = [...(role.own ? [await ownPath(browser, role.own)] : []), ...byForm];
    const page = await pageAs(browser, role.who);
    await page.setViewportSize(DESKTOP);
    const visited = await crawl(page, more, (route) => checkPage(page, testInfo, `${role.kind} ${route}`));
    expect(screensOf(role.kind).filter((route) => !visited.has(route))).toEqual([]);
    // A row that is not there answers inside the panel (a URL that matches no page: the signed-out test).
    await page.goto(NO_SUCH_ROW);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await checkPage(page, testInfo, `${role.kind} not found`);
    await page.context().close();
  });
}

test('the sign-in pages, a mailbox owner’s post office and the not-found page', async ({ browser }, testInfo) => {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: DESKTOP })).newPage();
  for (const path of ['/login', '/postoffice/login', '/no-such-page']) {
    await expectSecurityHeaders(await page.goto(path), `signed out ${path}`);
    await checkPage(page, testInfo, `signed out ${path}`);
  }
  await page.goto('/postoffice/login');
  await page.getByLabel('Email address').fill(DEMO_MAILBOX);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('mailbox-login')).toHaveText(DEMO_MAILBOX);
  await checkPage(page, testInfo, 'mailbox /postoffice');
  await page.context().close();
});

test.describe('keyboard and screen reader', () => {
  test.use({ storageState: stateFile('admin'), viewport: DESKTOP });

  test('the first Tab reaches "Skip to content", with a visible focus ring, and it moves focus to the main content', async ({ page }) => {
    await page.goto('/domains');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    expect(await outlineOf(page)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
    // The next Tab goes into the content, not back to the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    expect(await outlineOf(page)).not.toBe('none');
  });

  test('nav links show where focus is', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('nav') !== null)).toBe(true);
    expect(await outlineOf(page)).not.toBe('none');
  });

  test('an invalid submit puts focus on the error summary and marks the field invalid', async ({ page, browser }) => {
    await page.goto('/domains/new');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await expectFocusOnAnswer(page, /correct/i);
    await expect(page.getByLabel('Domain name')).toHaveAttribute('aria-invalid', 'true');
    const errorId = (await page.getByLabel('Domain name').getAttribute('aria-describedby'))?.split(' ').at(-1) ?? '';
    await expect(page.locator(`[id="${errorId}"]`)).not.toBeEmpty();

    const signedOut = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
    await signedOut.goto('/login');
    await signedOut.getByRole('button', { name: 'Sign in' }).click();
    await expectFocusOnAnswer(signedOut, /correct/i);
    await expect(signedOut.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await signedOut.context().close();
  });

  test('after a submit that opens another page, focus is on its message, not on <body>', async ({ browser }) => {
    const reseller = await pageAs(browser, 'acme');
    const name = unique('A11y Customer');
    await createCustomer(reseller, { name, email: `${unique('a11y')}@e2e.test` });
    await expect(reseller.getByRole('status').filter({ hasText: name })).toBeFocused();
    await reseller.context().close();
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: PHONE });

  test('the menu opens without JavaScript and leads to every screen', async ({ browser }) => {
    const page = await (
      await browser.newContext({ storageState: stateFile('admin'), viewport: PHONE, javaScriptEnabled: false })
    ).newPage();
    await phoneMenu(page);
    await page.context().close();
  });

  test('with JavaScript the menu closes after it took you to a page', async ({ browser }) => {
    const page = await pageAs(browser, 'admin');
    await page.setViewportSize(PHONE);
    await phoneMenu(page);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Aliases' })).toBeHidden();
    await page.context().close();
  });
});

/** Opens the phone menu, follows "Domains" and lands on the domain list. */
async function phoneMenu(page: Page) {
  await page.goto('/');
  const domains = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Domains' });
  await expect(domains).toBeHidden();
  await page.getByText('Menu', { exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await domains.click();
  await expect(page).toHaveURL(/\/domains$/);
  await expect(page.getByRole('heading', { name: 'Domains', level: 1 })).toBeVisible();
}

async function expectFocusOnAnswer(page: Page, text: RegExp) {
  const answer = page.getByTestId('form-message').getByRole('status');
  await expect(answer).toHaveText(text);
  await expect(answer).toBeFocused();
}

/** The focused element's outline or ring ("none" when focus is invisible). */
function outlineOf(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'none';
    const style = getComputedStyle(el);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) return `outline ${style.outlineStyle}`;
    return style.boxShadow === 'none' ? 'none' : `ring ${style.boxShadow}`;
  });
}
