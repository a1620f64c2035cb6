import { hkdfSync } from 'node:crypto';

// The panel's one secret, and a key of its own for each use of it. MAILPANEL_SECRET_KEY when set (so the
// key of sealed secrets can outlive a change of the session secret), else AUTH_SECRET (Auth.js's, also
// known as NEXTAUTH_SECRET). Each use derives its own key with HKDF-SHA256 under a distinct label, so a
// value made for one use (a sealed SSH key, a confirmation token) is worthless for another, and the raw
// secret itself is never a key.

const SALT = 'mailpanel';

export class MissingSecretError extends Error {
  override name = 'MissingSecretError';
}

/** A 32-byte key for the use named by `label`; throws MissingSecretError when no secret is configured. */
export function derivedKey(label: string): Buffer {
  const secret = configuredSecret();
  if (!secret) throw new MissingSecretError('Neither MAILPANEL_SECRET_KEY nor AUTH_SECRET is set.');
  return keyFromSecret(secret, label);
}

/** The secret the panel's keys derive from in this process, or undefined when none is configured. */
export function configuredSecret(): string | undefined {
  return process.env.MAILPANEL_SECRET_KEY || process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET || undefined;
}

/** The key for `label` from a secret given explicitly: rotation opens with the old secret and seals with the new. */
export function keyFromSecret(secret: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, label, 32));
}
