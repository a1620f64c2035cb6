import { hash, verify } from '@node-rs/argon2';

// Argon2id for panel logins and mailbox passwords alike. @node-rs/argon2 writes the PHC string
// ($argon2id$v=19$m=…,t=…,p=…$…) that Dovecot 2.3 verifies under {ARGON2ID} (DOMAIN.md, Dovecot);
// the `argon2` package's parameter order is rejected by Dovecot, so it is not used.
// `algorithm: 2` is Algorithm.Argon2id, a const enum that isolated modules cannot import by name.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash never matches
  }
}

// Verified against when the login name is unknown, so an unknown email costs the same time as a
// wrong password and response times don't reveal which emails exist.
let decoy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword('decoy password that matches nothing');
  await verifyPassword(await decoy, password);
}
