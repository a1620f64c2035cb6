// Opens the top bar's search with the `/` shortcut, as a user does. The shortcut is a client listener that
// exists only once the page has hydrated; a `/` pressed before then is lost (as it would be for a fast
// user), so the key is pressed again until the box has focus rather than racing hydration.
import type { Page } from '@playwright/test';
import { expect } from './test';

export async function focusSearchWithSlash(page: Page): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search everything' }).first();
  await expect(async () => {
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await expect(box).toBeFocused({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}
