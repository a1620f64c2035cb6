import { NextResponse, type NextRequest } from 'next/server';
import { bodyTooLarge } from './lib/web/body-limit';
import { crossOriginRefusal } from './lib/web/same-origin';
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from './lib/web/security-headers';

// In front of every request, static files aside:
// 1. A request that would change something from another origin (a forged form post, a foreign fetch to a
//    server action or to Auth.js) is refused with a 403 before Next or Auth.js see it
//    (lib/web/same-origin.ts): Next would answer a foreign server action with a 500. The login pages and
//    Auth.js' routes too.
//    A body longer than a form may send is a 413 (lib/web/body-limit.ts), where Next would answer 500.
// 2. Every page gets its own CSP nonce (lib/web/security-headers.ts): Next reads it from the request's
//    Content-Security-Policy header and puts it on its scripts, which needs every page rendered per request
//    (the root layout reads the headers). The static headers (nosniff, Referrer-Policy, X-Frame-Options)
//    are next.config.js's, on every response.
// 3. An optimistic redirect only: a request without any session cookie is sent to its login page (the
//    postoffice's for /postoffice, the panel's for the rest). Whether the session is valid, which kind it
//    is, and what its user may do, is decided in the data layer (lib/session/session.ts).
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
/** Open without a session: the two login pages and Auth.js' own routes. */
const OPEN = /^\/(login|postoffice\/login|api\/auth)(\/|$)/;

export function proxy(request: NextRequest) {
  const refusal = crossOriginRefusal({
    method: request.method,
    origin: request.headers.get('origin'),
    host: request.headers.get('host'),
    forwardedHost: request.headers.get('x-forwarded-host'),
    secFetchSite: request.headers.get('sec-fetch-site'),
  });
  if (refusal) return new NextResponse(`Refused: ${refusal}\n`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  // Next answers a server action's body over its limit with a 500; this says so first (lib/web/body-limit.ts).
  const tooLarge = bodyTooLarge(request.method.toUpperCase(), request.headers.get('content-length'), request.nextUrl.pathname);
  if (tooLarge)
    return new NextResponse(`Refused: ${tooLarge}\n`, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });

  const https = request.nextUrl.protocol === 'https:' || (process.env.AUTH_URL ?? '').startsWith('https:');
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const path = request.nextUrl.pathname;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));

  let response: NextResponse;
  if (hasSession || OPEN.test(path)) {
    const headers = new Headers(request.headers);
    headers.set('x-nonce', nonce);
    headers.set('Content-Security-Policy', csp);
    response = NextResponse.next({ request: { headers } });
  } else {
    const postoffice = path === '/postoffice' || path.startsWith('/postoffice/');
    response = NextResponse.redirect(new URL(postoffice ? '/postoffice/login' : '/login', request.url));
  }
  response.headers.set('Content-Security-Policy', csp);
  if (https) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Every page and route (the login pages and Auth.js' too, for the origin check and the CSP); not the
  // build's static files, which carry no script of their own.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
