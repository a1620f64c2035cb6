import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { derivedKey, MissingSecretError } from './derived-key';

const NAMES = ['MAILPANEL_SECRET_KEY', 'AUTH_SECRET', 'NEXTAUTH_SECRET'] as const;
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
afterEach(() => {
  for (const n of NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
});

function use(env: Partial<Record<(typeof NAMES)[number], string>>) {
  for (const n of NAMES) delete process.env[n];
  Object.assign(process.env, env);
}

describe('derivedKey(label)', () => {
  it('gives each use its own 32-byte key, never the raw secret', () => {
    use({ AUTH_SECRET: 'one' });
    const sealing = derivedKey('mailpanel sealed secrets v1');
    const confirming = derivedKey('mailpanel confirmations v1');
    expect(sealing).toHaveLength(32);
    expect(sealing.equals(confirming)).toBe(false);
    expect(derivedKey('mailpanel sealed secrets v1').equals(sealing)).toBe(true);
    expect(sealing.equals(Buffer.from('one'))).toBe(false);
    // A token signed with the raw secret (as confirmations once were) is not one signed with the key.
    expect(createHmac('sha256', confirming).update('x').digest('hex')).not.toBe(createHmac('sha256', 'one').update('x').digest('hex'));
  });

  it.each([
    ['MAILPANEL_SECRET_KEY first', { MAILPANEL_SECRET_KEY: 'a', AUTH_SECRET: 'b', NEXTAUTH_SECRET: 'c' }, { MAILPANEL_SECRET_KEY: 'a' }],
    ['else AUTH_SECRET', { AUTH_SECRET: 'b', NEXTAUTH_SECRET: 'c' }, { AUTH_SECRET: 'b' }],
    ['else NEXTAUTH_SECRET', { NEXTAUTH_SECRET: 'c' }, { AUTH_SECRET: 'c' }],
  ] as const)('takes %s', (_name, env, same) => {
    use(env);
    const key = derivedKey('l');
    use(same);
    expect(derivedKey('l').equals(key)).toBe(true);
  });

  it('refuses without a secret', () => {
    use({});
    expect(() => derivedKey('l')).toThrow(MissingSecretError);
  });
});
