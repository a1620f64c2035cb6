import { createHash } from 'node:crypto';

// OpenSSH public key lines: what a mail host's pinned host key is, and its fingerprint as the admin sees
// it on the host's page (the SSH transport, lib/transport/ssh.ts, checks the key against it).

interface PublicKey {
  type: string;
  blob: Buffer;
}

/** The host key types the SSH transport accepts, with the signature algorithms each allows. */
export const KEY_TYPES: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
};

/** Parses "type base64 [comment]"; throws when the line is not a public key of a known type. */
export function parsePublicKey(line: string): PublicKey {
  const [type = '', data = ''] = line.trim().split(/\s+/);
  const blob = Buffer.from(data, 'base64');
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (!(type in KEY_TYPES) || !/^[A-Za-z0-9+/]+=*$/.test(data) || blob.subarray(4, 4 + length).toString('latin1') !== type) {
    throw new Error(
      `not an OpenSSH public key line of a supported type (${Object.keys(KEY_TYPES).join(', ')}): ${JSON.stringify(line.slice(0, 40))}`,
    );
  }
  return { type, blob };
}

/** OpenSSH's fingerprint of a public key line or blob: "SHA256:…" (base64 without padding). */
export function hostKeyFingerprint(key: string | Buffer): string {
  const blob = typeof key === 'string' ? parsePublicKey(key).blob : key;
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
