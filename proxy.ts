import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from './lib/web/security-headers';

// Every page gets its own CSP nonce (lib/web/security-headers.ts): Next reads it from the request's
// Content-Security-Policy header and puts it on its scripts, which needs every page rendered per request
// (the root layout reads the headers). The static headers (nosniff, Referrer-Policy, X-Frame-Options) are
// next.config.js's, on every response.
//
// Then an optimistic redirect only: a request without any session cookie is sent to its login page (the
// postoffice's for /postoffice, the panel's for the rest). Whether the session is valid, which kind it is,
// and what its user may do, is decided in the data layer (lib/session/session.ts).
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
/** Open without a session: the two login pages and Auth.js' own routes. */
const OPEN = [/^\/login(\/|$)/, /^\/postoffice\/login(\/|$)/, /^\/api\/auth(\/|$)/];

export function proxy(request: NextRequest) {
  const https = request.nextUrl.protocol === 'https:' || (process.env.AUTH_URL ?? '').startsWith('https:');
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const path = request.nextUrl.pathname;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));

  let response: NextResponse;
  if (hasSession || OPEN.some((open) => open.test(path))) {
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
  // Every page and route; not the build's static files, which carry no script of their own.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
