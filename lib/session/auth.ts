import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { safeCallbackPath } from '../auth/callback-url';
import { LoginInput } from '../auth/login-input';
import { logUnexpected } from '../data/log-unexpected';
import { verifyLogin } from '../data/sessions';
import { verifyMailboxLogin } from '../data/mailbox-sessions';
import { SESSION_MAX_AGE_SECONDS } from '../data/user-sessions';
import { MailboxLoginForm } from '../validation/postoffice';
import { loginClientOf } from './login-client';
import { claimsAtSignIn, claimsOf, type SessionKind } from './session-claims';

declare module 'next-auth' {
  interface User {
    sessionVersion?: number;
    kind?: SessionKind;
    sessionId?: string;
  }
  interface Session {
    uid?: string;
    sessionVersion?: number;
    kind?: SessionKind;
    sessionId?: string;
  }
}

/** Carries why a login failed ("invalid", "suspended", "disabled", "throttled") to the login form. */
class LoginRefused extends CredentialsSignin {
  constructor(reason: string) {
    super();
    this.code = reason;
  }
}

// Sessions are JWTs that hold only the kind of login, its id (a user's or, for the postoffice, an
// account's), its sessionVersion and, for the panel, its session row; lib/session/session.ts re-reads them
// on every request. maxAge bounds a session even for a user who stays active.
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // A refused login is expected and already audited (auth.login_failed): don't log it as a server error.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      logUnexpected('[auth]', error);
    },
  },
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 15 * 60 },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = LoginInput.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('invalid');
        const result = await verifyLogin(
          parsed.data.email,
          parsed.data.password,
          loginClientOf(request),
          request?.headers.get('user-agent'),
        );
        if (!result.ok) throw new LoginRefused(result.reason);
        return { id: result.userId, sessionVersion: result.sessionVersion, kind: 'panel', sessionId: result.sessionId };
      },
    }),
    // The postoffice: a mailbox's owner with the mailbox's address and POP/IMAP password (lib/data/mailbox-sessions.ts).
    Credentials({
      id: 'mailbox',
      name: 'Mailbox',
      credentials: { address: {}, password: {} },
      async authorize(raw, request) {
        const parsed = MailboxLoginForm.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('invalid');
        const result = await verifyMailboxLogin(parsed.data.address, parsed.data.password, loginClientOf(request));
        if (!result.ok) throw new LoginRefused(result.reason);
        return { id: result.accountId, sessionVersion: result.sessionVersion, kind: 'mailbox' };
      },
    }),
  ],
  callbacks: {
    // Only ever back to a path of this site: never another site (an open redirect), never javascript:.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
    },
    jwt({ token, user }) {
      return user ? claimsAtSignIn(token, user) : token;
    },
    session({ session, token }) {
      return Object.assign(session, claimsOf(token));
    },
  },
});
