// Auth.js' own routes (app/api/auth/[...nextauth]/route.ts) with a callback URL someone else chose: a
// javascript: URL is no server error, and no address of another site is where a sign-in leads.
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';

process.env.AUTH_SECRET ??= 'a test secret that is long enough to sign with';
let GET: (request: NextRequest) => Promise<Response>;

beforeAll(async () => {
  ({ GET } = await import('../app/api/auth/[...nextauth]/route'));
});

const signInPage = (callbackUrl: string, cookie?: string) =>
  GET(
    new NextRequest(`http://panel.test/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
      headers: cookie ? { cookie } : {},
    }),
  );

/** Where the browser is sent, and the callback URL that address carries on to the login page. */
function sentTo(response: Response): { path: string; callbackUrl: string | null } {
  const location = new URL(response.headers.get('location') ?? '', 'http://panel.test');
  return { path: location.pathname, callbackUrl: location.searchParams.get('callbackUrl') };
}

describe('GET /api/auth/signin with a callbackUrl', () => {
  it.each(['javascript:alert(1)', 'data:text/html,x', 'https://evil.example/', '//evil.example/', '/\\evil.example'])(
    '%s: to the login page, with a callback on this site',
    async (callbackUrl) => {
      const response = await signInPage(callbackUrl);
      expect(response.status).toBe(302);
      const { path, callbackUrl: carried } = sentTo(response);
      expect(path).toBe('/login');
      expect(new URL(carried ?? '/', 'http://panel.test').origin).toBe('http://panel.test');
    },
  );

  it('keeps a path of this site', async () => {
    expect(sentTo(await signInPage('/domains?page=2')).callbackUrl).toBe('http://panel.test/domains?page=2');
  });

  it('ignores a callback cookie that is no web address', async () => {
    const response = await signInPage('/domains', 'authjs.callback-url=javascript%3Aalert(1)');
    expect(response.status).toBe(302);
    expect(sentTo(response).callbackUrl).toBe('http://panel.test/domains');
  });
});
