import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact-secrets';

const PEM = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';

describe('redactSecrets', () => {
  it.each([
    ['a PEM private key', `key: ${PEM} end`, `key: ${REDACTED} end`],
    ['a PEM key cut off', 'x -----BEGIN PRIVATE KEY-----\nMIIEv', `x ${REDACTED}`],
    ['an argon2 hash in a quoted value', 'passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"', `passwordHash: "${REDACTED}"`],
    ['a Dovecot hash', '{ARGON2ID}$argon2id$v=19$m=65536$abc$def', REDACTED],
    ['a bcrypt hash', "hash '$2b$10$abcdefghijklmnopqrstuv'", `hash '${REDACTED}'`],
    ['a sealed value', `sshPrivateKey: v1.${'A'.repeat(60)}`, `sshPrivateKey: ${REDACTED}`],
    ['a TOTP URI', 'otpauth://totp/mailpanel:me?secret=JBSWY3DP', REDACTED],
    [
      'ordinary text',
      'Invalid `prisma.user.update()` invocation: v1.2 of the API',
      'Invalid `prisma.user.update()` invocation: v1.2 of the API',
    ],
  ])('%s', (_what, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('removes the known secrets by value, but not short ones that would match ordinary words', () => {
    expect(redactSecrets('secret is s3cr3t-value-123 here', ['s3cr3t-value-123'])).toBe(`secret is ${REDACTED} here`);
    expect(redactSecrets('a short one', ['short', undefined, ''])).toBe('a short one');
  });
});
