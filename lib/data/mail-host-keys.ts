import './server-only';
import type { Tx } from '../db/client';
import { seal, SecretBoxError, sshKeyContext, unseal } from '../crypto/secret-box';
import { generateSshIdentity, readPrivateKey } from '../crypto/ssh-identity';
import type { MailHostValues } from '../validation/mail-host';
import { DomainError } from './errors';

// The panel's SSH login on each mail host: the private key is sealed (lib/crypto/secret-box.ts) before it
// is stored, bound to its host's row, and never leaves the server.

/** Whether the host's sealed key can still be opened (a changed secret makes it unreadable). */
export function sshKeyState(mailHostId: string, sealed: string | null): 'none' | 'ok' | 'unreadable' {
  if (!sealed) return 'none';
  try {
    unseal(sealed, sshKeyContext(mailHostId));
    return 'ok';
  } catch (error) {
    if (error instanceof SecretBoxError) return 'unreadable';
    throw error;
  }
}

/**
 * The panel's SSH login for the host: generated here (the private half never reaches a browser) or
 * pasted, and sealed before it is stored. Returns the public key when it changed.
 */
export async function storeSshKey(
  tx: Tx,
  mailHostId: string,
  v: MailHostValues,
  mode: 'generate' | 'paste' | 'keep',
): Promise<string | null> {
  if (v.transport !== 'SSH' || mode === 'keep') return null;
  let identity;
  if (mode === 'paste') {
    identity = readPrivateKey(v.sshPrivateKey ?? '', v.name);
    if ('error' in identity) throw new DomainError(identity.error, { sshPrivateKey: [identity.error] });
  } else {
    identity = generateSshIdentity(v.name);
  }
  await tx.mailHost.update({
    where: { id: mailHostId },
    data: { sshPrivateKey: seal(identity.privateKey, sshKeyContext(mailHostId)), sshPublicKey: identity.publicKey },
  });
  return identity.publicKey;
}
