// Auth.js signs sessions with AUTH_SECRET; without one every /api/auth route answers 500. The panel's own
// keys (sealed SSH keys, confirmation tokens: lib/crypto/derived-key.ts) derive from it too, unless
// MAILPANEL_SECRET_KEY is set. The embedded default generates one and keeps it in the data directory so
// sessions and sealed keys survive restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_ROOT } from './panel-database';

export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(DATA_ROOT, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(DATA_ROOT, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
