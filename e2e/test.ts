// The `test` every spec uses: Playwright's, watching every browser context it opens (a spec's own
// `browser.newContext()` included) for Content-Security-Policy violations. Chromium reports a blocked
// script, style, frame or form target on the console; any such report fails the test that caused it, so
// the whole suite runs under the panel's real CSP (proxy.ts) and proves the app needs nothing it forbids.
import { test as base, expect, type BrowserContext } from '@playwright/test';

const violations: string[] = [];

function watch(context: BrowserContext): void {
  const page = (p: import('@playwright/test').Page) =>
    p.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`${p.url()}: ${message.text()}`);
    });
  context.pages().forEach(page);
  context.on('page', page);
}

export const test = base.extend<{ cspViolations: void }>({
  browser: [
    async ({ browser }, provide) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const context = await newContext(...args);
        watch(context);
        return context;
      };
      await provide(browser);
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, provide) => {
    watch(context);
    await provide(context);
  },
  cspViolations: [
    async ({}, provide) => {
      violations.length = 0;
      await provide();
      expect(violations, 'Content-Security-Policy violations in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
