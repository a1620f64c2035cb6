import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { derivedKey, keyFromSecret, MissingSecretError } from './derived-key';

// Secrets the panel keeps in its database (the SSH private key of each mail host, each login's TOTP key) are sealed with
// AES-256-GCM under a key derived (lib/crypto/derived-key.ts) from MAILPANEL_SECRET_KEY, or from AUTH_SECRET
// when that is not set. So a copy of the database alone (a backup, a read-only replica, a leaked dump) does not
// give a login on the mail hosts; the web process and every worker need the same secret in their
// environment. `npm run rotate-secret` changes the secret and re-seals every sealed value with it
// (lib/data/secret-rotation.ts); changing it by hand makes sealed keys unreadable: the host page then says
// so, and a new key pair is generated there.

const VERSION = 'v1';
/** The derivation's label: never change it, or every key sealed so far becomes unreadable. */
const LABEL = 'mailpanel sealed secrets v1';

/** The sealed SSH key's context: a key sealed for one host cannot be moved to another host's row. */
export const sshKeyContext = (mailHostId: string) => `mailhost-ssh-key:${mailHostId}`;

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

function key(secret?: string): Buffer {
  if (secret !== undefined) return keyFromSecret(secret, LABEL);
  try {
    return derivedKey(LABEL);
  } catch (error) {
    if (error instanceof MissingSecretError) {
      throw new SecretBoxError('Neither MAILPANEL_SECRET_KEY nor AUTH_SECRET is set: sealed secrets cannot be used.');
    }
    throw error;
  }
}

/**
 * "v1.<base64url of iv | tag | ciphertext>"; `context` (e.g. the host id) must match when opening.
 * `secret` is given only by rotation (lib/data/secret-rotation.ts); otherwise the process's configured one.
 */
export function seal(plain: string, context: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(secret), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export function unseal(sealed: string, context: string, secret?: string): string {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) throw new SecretBoxError('This secret was sealed in an unknown format.');
  const raw = Buffer.from(data, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(secret), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('The sealed secret cannot be opened: was MAILPANEL_SECRET_KEY or AUTH_SECRET changed?');
  }
}

/** The same secret sealed again under `to`: a fresh IV, the same context. Throws SecretBoxError if `from` cannot open it. */
export function reseal(sealed: string, context: string, from: string, to: string): string {
  return seal(unseal(sealed, context, from), context, to);
}
