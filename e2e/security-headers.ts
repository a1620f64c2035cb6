// The security headers every page must carry (proxy.ts and next.config.js; lib/web/security-headers.ts),
// checked on each page the a11y sweep opens: every main page of every role, the sign-in pages, the post
// office and the not-found page.
import type { Response } from '@playwright/test';
import { expect } from './test';

export async function expectSecurityHeaders(response: Response | null, name: string): Promise<void> {
  expect(response, `${name}: a response`).not.toBeNull();
  const headers = await response!.allHeaders();
  const csp = headers['content-security-policy'] ?? '';
  const scripts = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(scripts, `${name}: scripts run only with a nonce`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scripts, `${name}: no inline scripts`).not.toContain("'unsafe-inline'");
  expect(csp, `${name}: nothing frames it`).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options'], name).toBe('DENY');
  expect(headers['x-content-type-options'], name).toBe('nosniff');
  expect(headers['referrer-policy'], name).toBe('same-origin');
  // Each response its own nonce, and the page's scripts carry it.
  const nonce = /'nonce-([^']+)'/.exec(scripts)![1]!;
  expect(await response!.text(), `${name}: the page's scripts carry this response's nonce`).toContain(`nonce="${nonce}"`);
}
