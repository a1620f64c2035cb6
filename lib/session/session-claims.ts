// What a session's JWT says, and what the session read from it says: kept apart from lib/session/auth.ts
// (which loads Auth.js) so the rule is a plain function with a table of cases.

/** A panel login (a User row) or a postoffice login (an Account): what the session's id names. */
export type SessionKind = 'panel' | 'mailbox';

export interface SignedIn {
  id?: string;
  sessionVersion?: number;
  kind?: SessionKind;
  /** A panel login's session row (UserSession): the per-request check refuses the token once it is ended. */
  sessionId?: string;
}

export interface SessionClaims {
  uid?: string;
  sessionVersion?: number;
  kind: SessionKind;
  sessionId?: string;
}

/** The claims written into the token at sign-in: the id, its sessionVersion, the kind of login and its session row. */
export function claimsAtSignIn(token: Record<string, unknown>, user: SignedIn): Record<string, unknown> {
  return {
    ...token,
    sub: user.id,
    sv: user.sessionVersion ?? 0,
    kind: user.kind ?? 'panel',
    ...(user.sessionId ? { sid: user.sessionId } : {}),
  };
}

/**
 * The session as the server reads it from the token. Only the exact `mailbox` marks a postoffice session;
 * tokens from before the postoffice carry no kind and are panel logins.
 */
export function claimsOf(token: Record<string, unknown>): SessionClaims {
  return {
    uid: typeof token.sub === 'string' ? token.sub : undefined,
    sessionVersion: typeof token.sv === 'number' ? token.sv : undefined,
    kind: token.kind === 'mailbox' ? 'mailbox' : 'panel',
    sessionId: typeof token.sid === 'string' ? token.sid : undefined,
  };
}
