import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { LoginInput } from '../auth/login-input';
import { verifyLogin } from '../data/sessions';

declare module 'next-auth' {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    uid?: string;
    sessionVersion?: number;
  }
}

/** Carries why a login failed ("invalid", "suspended", "throttled") to the login form. */
class LoginRefused extends CredentialsSignin {
  constructor(reason: string) {
    super();
    this.code = reason;
  }
}

// Sessions are JWTs that hold only the user id and the user's sessionVersion; lib/session/session.ts
// re-reads the user on every request. maxAge bounds a session even for a user who stays active.
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // A refused login is expected and already audited (auth.login_failed): don't log it as a server error.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error('[auth]', error);
    },
  },
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60, updateAge: 15 * 60 },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = LoginInput.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('invalid');
        const result = await verifyLogin(parsed.data.email, parsed.data.password, clientOf(request));
        if (!result.ok) throw new LoginRefused(result.reason);
        return { id: result.userId, sessionVersion: result.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      session.uid = typeof token.sub === 'string' ? token.sub : undefined;
      session.sessionVersion = typeof token.sv === 'number' ? token.sv : undefined;
      return session;
    },
  },
});

/** The client a login comes from, for throttling: the first proxy hop if there is one, else unknown. */
function clientOf(request: Request | undefined): string {
  const forwarded = request?.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || request?.headers.get('x-real-ip') || 'direct';
}
