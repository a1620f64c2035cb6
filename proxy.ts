import { NextResponse, type NextRequest } from 'next/server';

// An optimistic redirect only: a request without any session cookie is sent to the login page. Whether
// the session is valid, and what its user may do, is decided in the data layer (lib/session/session.ts).
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const login = new URL('/login', request.url);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything but the login page, Auth.js' own routes and static files.
  matcher: ['/((?!login|api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
