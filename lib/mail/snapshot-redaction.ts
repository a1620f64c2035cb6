import type { MailSnapshot } from './snapshot';

// A snapshot shown to a person (the command line's `snapshot` and `render`, any page or download) carries
// no password hash: a hash is a secret (offline guessing), and nobody reading routes needs it. Each hash is
// replaced by this marker in the same field, so the format stays the same and such a file still traces.
// Only the sync worker reads the real hashes: it writes them into Dovecot's passwd-file
// (lib/data/snapshots.ts readHostSnapshot, through lib/data/snapshot-cache.ts).

export const REDACTED_HASH = '[redacted]';

/** The snapshot with every account's password hash replaced by REDACTED_HASH. */
export function redactHashes(snapshot: MailSnapshot): MailSnapshot {
  return { ...snapshot, accounts: snapshot.accounts.map((a) => ({ ...a, passwordHash: REDACTED_HASH })) };
}

/** Whether any account's hash was redacted: such a snapshot cannot make a passwd-file anyone logs in with. */
export function hasRedactedHashes(snapshot: MailSnapshot): boolean {
  return snapshot.accounts.some((a) => a.passwordHash === REDACTED_HASH);
}
