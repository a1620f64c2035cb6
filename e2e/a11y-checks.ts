// What e2e/a11y.spec.ts checks on every page it opens: axe's serious and critical findings (WCAG 2.1 A and
// AA), one <main>, a header of one row on a desktop and a small one on a phone, and no page wider than a
// 390 px phone screen. Each finding is a soft failure, so one run lists every page that fails.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** One row of nav at 1280 px: text, padding and a two-line user label, never a second row of links. */
const DESKTOP_HEADER_MAX = 72;
/** On a phone the header takes no more than an eighth of the screen. */
const PHONE_HEADER_MAX = PHONE.height / 8;

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's serious and critical violations of the page as it is now, one readable block each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Only violations are reported in detail: axe runs several times faster than with every result kept.
  const { violations } = await new AxeBuilder({ page })
    .withTags(WCAG_TAGS)
    .options({ resultTypes: ['violations'] })
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) =>
      [
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes
          .slice(0, 5)
          .map((n) => `    at ${n.target.join(' ')}: ${n.html.slice(0, 160)}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`),
      ].join('\n'),
    );
}

/** The route of a path: ids become "[id]" (so one page of each kind is enough). */
export function routeOf(pathname: string): string {
  return pathname.replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi, '/[id]');
}

/** Every check on the page now open; `name` says which page in the failure messages and the screenshots. */
export async function checkPage(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  expect.soft((await seriousViolations(page)).join('\n'), `${name}: axe finds serious or critical violations`).toBe('');
  expect.soft(await page.locator('main').count(), `${name}: exactly one <main>`).toBe(1);
  const header = page.locator('header').first();
  const hasHeader = (await header.count()) > 0;
  if (hasHeader) {
    const height = (await header.boundingBox())?.height ?? 0;
    expect.soft(height, `${name}: the header is one row at ${DESKTOP.width} px`).toBeLessThanOrEqual(DESKTOP_HEADER_MAX);
  }
  await page.setViewportSize(PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect.soft(width, `${name}: no wider than a ${PHONE.width} px screen`).toBeLessThanOrEqual(PHONE.width);
  if (hasHeader) {
    const height = (await header.boundingBox())?.height ?? 0;
    expect.soft(height, `${name}: the header takes at most 1/8 of a phone screen`).toBeLessThanOrEqual(PHONE_HEADER_MAX);
  }
  await testInfo.attach(`${name} at ${PHONE.width} px`, {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
  await page.setViewportSize(DESKTOP);
}

/** Panel paths a page links to (no API, no sign-in pages, no post office: those are checked on their own). */
export async function panelLinks(page: Page): Promise<string[]> {
  // Download links (a list's CSV) are files, not pages.
  const hrefs = await page.locator('a[href^="/"]:not([download])').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs
    .map((href) => new URL(href, 'http://panel').pathname)
    .filter((p) => !/^\/(api|login|postoffice)(\/|$)/.test(p) && !p.startsWith('/_next'));
}
