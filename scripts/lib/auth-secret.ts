// Auth.js signs sessions with AUTH_SECRET; without one every /api/auth route answers 500. The panel's own
// keys (sealed SSH keys, confirmation tokens: lib/crypto/derived-key.ts) derive from it too, unless
// MAILPANEL_SECRET_KEY is set. The embedded default generates one and keeps it in the data directory so
// sessions and sealed keys survive restarts;
// `npm run rotate-secret` replaces it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_ROOT } from './panel-database';

/** Where the generated secret is kept; `npm run rotate-secret` replaces it (scripts/rotate-secret.ts). */
export const AUTH_SECRET_FILE = path.join(DATA_ROOT, 'auth-secret');

export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const stored = readStoredAuthSecret();
  if (stored) return stored;
  const secret = randomBytes(32).toString('base64url');
  storeAuthSecret(secret);
  return secret;
}

/** The kept secret, or null when none is kept yet. */
export function readStoredAuthSecret(): string | null {
  return existsSync(AUTH_SECRET_FILE) ? readFileSync(AUTH_SECRET_FILE, 'utf8').trim() || null : null;
}

/** Replaces the kept secret by renaming a new file over it: a crash leaves the old file or the new, never half of one. */
export function storeAuthSecret(secret: string): void {
  mkdirSync(DATA_ROOT, { recursive: true });
  const next = `${AUTH_SECRET_FILE}.new`;
  writeFileSync(next, `${secret}\n`, { mode: 0o600 });
  renameSync(next, AUTH_SECRET_FILE);
}
