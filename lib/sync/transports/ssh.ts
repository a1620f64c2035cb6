import type { Transport } from '../transport';

// CONTRACT FIRST: implementation follows.
export interface SshTarget {
  host: string;
  port: number;
  user: string;
  /** OpenSSH or PEM private key text (the panel's key for this host). */
  privateKey: string | Buffer;
  /** The pinned host key, one OpenSSH public key line: "ssh-ed25519 AAAA…" (a comment after it is ignored). */
  pinnedHostKey: string;
  /** Connection and handshake timeout, default 15 s. */
  readyTimeoutMs?: number;
}

export async function connectSsh(target: SshTarget): Promise<Transport> {
  void target;
  throw new Error('not implemented yet');
}

/** The key a server presents (for the admin to compare and pin): "ssh-ed25519 AAAA…". */
export async function fetchHostKey(host: string, port: number, keyType?: string): Promise<string> {
  void host; void port; void keyType;
  throw new Error('not implemented yet');
}

/** OpenSSH's fingerprint of a public key line: "SHA256:…" (base64 without padding). */
export function hostKeyFingerprint(line: string): string {
  void line;
  throw new Error('not implemented yet');
}
