import { NextResponse, type NextRequest } from 'next/server';

// An optimistic redirect only: a request without any session cookie is sent to its login page (the
// postoffice's for /postoffice, the panel's for the rest). Whether the session is valid, which kind it is,
// and what its user may do, is decided in the data layer (lib/session/session.ts).
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const path = request.nextUrl.pathname;
  const postoffice = path === '/postoffice' || path.startsWith('/postoffice/');
  return NextResponse.redirect(new URL(postoffice ? '/postoffice/login' : '/login', request.url));
}

export const config = {
  // Everything but the two login pages, Auth.js' own routes and static files.
  matcher: ['/((?!login|postoffice/login|api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
