import { NextResponse, type NextRequest } from 'next/server';
import { crossOriginRefusal } from './lib/web/same-origin';

// Two checks in front of every request. First, a request that would change something from another origin
// (a forged form post, a foreign fetch to a server action or to Auth.js) is refused with a 403 before Next
// or Auth.js see it (lib/web/same-origin.ts): Next would answer a foreign server action with a 500. This
// covers the login pages and Auth.js' routes too. Then an optimistic redirect only: a request without any
// session cookie is sent to its login page (the postoffice's for /postoffice, the panel's for the rest).
// Whether the session is valid, which kind it is, and what its user may do, is decided in the data layer
// (lib/session/session.ts).
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
// The two login pages and Auth.js' own routes are open without a session.
const OPEN = /^\/(login|postoffice\/login|api\/auth)/;

export function proxy(request: NextRequest) {
  const refusal = crossOriginRefusal({
    method: request.method,
    origin: request.headers.get('origin'),
    host: request.headers.get('host'),
    forwardedHost: request.headers.get('x-forwarded-host'),
    secFetchSite: request.headers.get('sec-fetch-site'),
  });
  if (refusal) return new NextResponse(`Refused: ${refusal}\n`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const path = request.nextUrl.pathname;
  if (OPEN.test(path)) return NextResponse.next();
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const postoffice = path === '/postoffice' || path.startsWith('/postoffice/');
  return NextResponse.redirect(new URL(postoffice ? '/postoffice/login' : '/login', request.url));
}

export const config = {
  // Everything but static files: the login pages and Auth.js' routes too, for the origin check.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
