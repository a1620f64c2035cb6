import { NextRequest } from 'next/server';
import { safeCallbackPath } from '../auth/callback-url';

// Auth.js answers 500 ("server configuration") to a callbackUrl, in the query or its cookie, that is not
// an http(s) URL: `/api/auth/signin?callbackUrl=javascript:alert(1)` is a link anyone can send. The route
// (app/api/auth/[...nextauth]/route.ts) hands Auth.js the request with such a value made a path of this
// site instead; where it then redirects is bounded by the `redirect` callback (lib/session/auth.ts).

const CALLBACK_COOKIES = new Set(['authjs.callback-url', '__Secure-authjs.callback-url']);

/** The request, with its callbackUrl query made a safe path and an unsafe callbackUrl cookie left out. */
export async function withSafeCallbackUrl(request: NextRequest): Promise<NextRequest> {
  const url = new URL(request.url);
  const asked = url.searchParams.get('callbackUrl');
  const queryIsSafe = asked === null || asked === safeCallbackPath(asked, url.origin);
  const cookies = (request.headers.get('cookie') ?? '').split(';');
  const keptCookies = cookies.filter((c) => {
    const [name = '', ...rest] = c.split('=');
    if (!CALLBACK_COOKIES.has(name.trim())) return true;
    const value = decodeOr(rest.join('='));
    return value !== null && new URL(safeCallbackPath(value, url.origin), url.origin).href === value;
  });
  if (queryIsSafe && keptCookies.length === cookies.length) return request;

  if (asked !== null) url.searchParams.set('callbackUrl', safeCallbackPath(asked, url.origin));
  const headers = new Headers(request.headers);
  headers.set('cookie', keptCookies.join(';'));
  const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer();
  return new NextRequest(url, { method: request.method, headers, body });
}

function decodeOr(text: string): string | null {
  try {
    return decodeURIComponent(text.trim());
  } catch {
    return null;
  }
}
