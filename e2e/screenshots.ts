// Screenshots of the main pages, kept as test artifacts: each journey saves the pages a person of its role
// sees, whole, under test-results/screenshots/<role>-<page>.png (CI keeps test-results/; reviewers look at
// them to see the screens without running the panel). Taken after the page's own assertions, so a
// screenshot shows a page that was checked, never a half-loaded one.
import path from 'node:path';
import type { Page } from '@playwright/test';

export const SCREENSHOT_DIR = path.join(__dirname, '..', 'test-results', 'screenshots');

/** Saves the whole page as `<role>-<name>.png` (names: lower case, words joined by `-`). */
export async function keepScreenshot(page: Page, role: string, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${role}-${name}.png`), fullPage: true });
}
