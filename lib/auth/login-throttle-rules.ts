// How password guessing is slowed (lib/data/login-throttle.ts counts, this decides). Two counts, both of
// the attempts in the last 15 minutes that were wrong or are still being checked, this one included:
// - per client and login: 10 lock that client out of that login. A guesser at one address gets 10 tries.
// - per login over all clients: past 100, a client the login's owner is not known to use is locked out
//   (guessing spread over many addresses), but one it has signed in from lately only waits, a little
//   longer with each failure. A lock there would let anyone lock the owner out by guessing on purpose.

export const FAILED_WINDOW_MS = 15 * 60 * 1000;
export const LIMIT_PER_CLIENT = 10;
export const LIMIT_PER_LOGIN = 100;
/** How long a successful sign-in makes its client a known one for that login. */
export const KNOWN_CLIENT_MS = 30 * 24 * 60 * 60 * 1000;
const DELAY_STEP_MS = 250;
export const MAX_DELAY_MS = 3000;

/** Clients that name no one client (no address could be seen): never known, since anyone shares them. */
const ANONYMOUS_CLIENTS = new Set(['direct', 'unknown']);

export type ThrottleDecision = { check: true; delayMs: number } | { check: false };

export interface AttemptCounts {
  /** Recent attempts for this login from this client, this one included. */
  fromClient: number;
  /** Recent attempts for this login from all clients, this one included. */
  overall: number;
}

/** Whether to check this attempt's password, and after how long a wait. */
export function throttleDecision(counts: AttemptCounts, knownClient: boolean): ThrottleDecision {
  if (counts.fromClient > LIMIT_PER_CLIENT) return { check: false };
  const over = counts.overall - LIMIT_PER_LOGIN;
  if (over <= 0) return { check: true, delayMs: 0 };
  if (!knownClient) return { check: false };
  return { check: true, delayMs: Math.min(MAX_DELAY_MS, over * DELAY_STEP_MS) };
}

/** Whether a client can be known at all (see ANONYMOUS_CLIENTS). */
export function canBeKnown(client: string): boolean {
  return !ANONYMOUS_CLIENTS.has(client);
}
