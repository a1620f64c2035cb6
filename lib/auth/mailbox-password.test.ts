import { describe, expect, it } from 'vitest';
import { hashPassword } from './password';
import { checkMailboxPassword } from '../mail/mailbox-password';
import {
  BCRYPT_MAX_COST,
  hashMailboxPassword,
  mailboxHashNeedsRehash,
  MAILBOX_HASH_OPTIONS,
  verifyMailboxPassword,
} from './mailbox-password';

describe('hashMailboxPassword / verifyMailboxPassword', () => {
  it('writes {ARGON2ID} and the PHC string with our costs, salted anew each time', async () => {
    const [a, b] = await Promise.all([hashMailboxPassword('correct horse 9'), hashMailboxPassword('correct horse 9')]);
    const { memoryCost: m, timeCost: t, parallelism: p } = MAILBOX_HASH_OPTIONS;
    expect(a).toMatch(new RegExp(`^\\{ARGON2ID\\}\\$argon2id\\$v=19\\$m=${m},t=${t},p=${p}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$`));
    expect(a).not.toBe(b);
    expect(mailboxHashNeedsRehash(a)).toBe(false);
  });

  it('accepts the password and refuses another', async () => {
    const stored = await hashMailboxPassword('correct horse 9');
    expect(await verifyMailboxPassword(stored, 'correct horse 9')).toBe(true);
    expect(await verifyMailboxPassword(stored, 'correct horse 8')).toBe(false);
    expect(await verifyMailboxPassword(stored, '')).toBe(false);
  });

  it('verifies an argon2id hash made with other costs, and asks for a rehash', async () => {
    const stored = `{ARGON2ID}${await hashPassword('panel pass 123')}`;
    expect(await verifyMailboxPassword(stored, 'panel pass 123')).toBe(true);
    expect(mailboxHashNeedsRehash(stored)).toBe(true);
  });

  it.each([
    ['no scheme', (h: string) => h.slice('{ARGON2ID}'.length)],
    ['a scheme the panel does not store', () => '{PLAIN}correct horse 9'],
    ['a malformed crypt hash', () => '{SHA512-CRYPT}$6$salt$abc'],
    ['a scheme that disagrees with the hash', (h: string) => h.replace('{ARGON2ID}', '{ARGON2I}')],
    ['a malformed hash', (h: string) => h.slice(0, 40)],
  ])('answers false for %s', async (_what, change) => {
    const stored = await hashMailboxPassword('correct horse 9');
    expect(await verifyMailboxPassword(change(stored), 'correct horse 9')).toBe(false);
    expect(mailboxHashNeedsRehash(change(stored))).toBe(true);
  });

  // bcrypt vectors of Openwall's crypt_blowfish (also checked against libc's crypt(3) here), and hashes of
  // the other schemes as Dovecot writes them (doveadm pw); tests/mta/dovecot-crypt.test.ts asks doveadm live.
  const B72 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  it.each([
    ['U*U', '{BLF-CRYPT}$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['U*U*', '{BLF-CRYPT}$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK'],
    ['U*U*U', '{BLF-CRYPT}$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a'],
    [`${B72}chars after 72 are ignored`, '{BLF-CRYPT}$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui'],
    ['U*U', '{BLF-CRYPT}$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['U*U', '{BLF-CRYPT}$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['x', '{BLF-CRYPT}$2y$05$T/lu3UA5ID07w.Inkk3nj.kmuuq5tmw5uqZibz4fOhoDbACUT7bB6'],
    ['x', '{SHA256-CRYPT}$5$rounds=6000$QfcAWnS9OWiGyWVw$ThOVqGvoLE0tAjmhXcRXDSiKb4f27WFwDcUrzmL0oU1'],
    ['Hello world!', '{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1'],
    ['Hello world!', '{SHA256-CRYPT}$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
    // MD5-crypt and DES as crypt(3) writes them (lib/auth/md5-crypt.test.ts, des-crypt.test.ts)
    ['password', '{MD5-CRYPT}$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
    ['correct horse 9', '{MD5-CRYPT}$1$$sdFfFVElaZPcOtOf1ibJD/'],
  ])('verifies %j against %s, refuses another password, and asks for a rehash', async (plain, stored) => {
    expect(await verifyMailboxPassword(stored, plain)).toBe(true);
    expect(await verifyMailboxPassword(stored, `${plain.slice(0, 20)}?`)).toBe(false);
    expect(mailboxHashNeedsRehash(stored)).toBe(true);
  });

  // DES counts the first 8 characters only (crypt(3), Dovecot's {CRYPT} too): "Hello wo" is the password.
  it.each([
    ['password', '{CRYPT}abJnggxhB/yWI'],
    ['Hello world!', '{CRYPT}./C8Yx8rc0s.g'],
  ])('verifies %j against the DES hash %s, refuses a changed one, and asks for a rehash', async (plain, stored) => {
    expect(await verifyMailboxPassword(stored, plain)).toBe(true);
    expect(await verifyMailboxPassword(stored, `${plain.slice(0, 8)}and more`)).toBe(true);
    expect(await verifyMailboxPassword(stored, `?${plain.slice(1)}`)).toBe(false);
    expect(await verifyMailboxPassword(stored, plain.slice(0, 7))).toBe(false);
    expect(mailboxHashNeedsRehash(stored)).toBe(true);
  });

  const BCRYPT = '$2y$05$T/lu3UA5ID07w.Inkk3nj.kmuuq5tmw5uqZibz4fOhoDbACUT7bB6';
  const SHA512 = '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1';
  it.each([
    ['bcrypt under another scheme', `{SHA512-CRYPT}${BCRYPT}`],
    ['SHA-512 crypt under {SHA256-CRYPT}', `{SHA256-CRYPT}${SHA512}`],
    ['SHA-512 crypt under {BLF-CRYPT}', `{BLF-CRYPT}${SHA512}`],
    ['a cut bcrypt hash', `{BLF-CRYPT}${BCRYPT.slice(0, -1)}`],
    ['bcrypt $2x$ (the buggy variant)', `{BLF-CRYPT}${BCRYPT.replace('$2y$', '$2x$')}`],
    ['bcrypt cost 03', `{BLF-CRYPT}${BCRYPT.replace('$05$', '$03$')}`],
    [`bcrypt cost over ${BCRYPT_MAX_COST}`, `{BLF-CRYPT}${BCRYPT.replace('$05$', `$${BCRYPT_MAX_COST + 1}$`)}`],
    ['bcrypt cost 31', `{BLF-CRYPT}${BCRYPT.replace('$05$', '$31$')}`],
    ['a lower-case scheme', `{blf-crypt}${BCRYPT}`],
    ['only a scheme', '{BLF-CRYPT}'],
    ['an unclosed scheme', `{BLF-CRYPT${BCRYPT}`],
    ['MD5-crypt under {CRYPT} (the panel reads DES only there)', '{CRYPT}$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
    ['DES under {MD5-CRYPT}', '{MD5-CRYPT}abJnggxhB/yWI'],
    ['SHA-512 crypt under {CRYPT}', `{CRYPT}${SHA512}`],
    ['the no-login hash', '{CRYPT}!'],
    ['{CRYPT} with nothing', '{CRYPT}'],
  ])('answers false, without throwing, for %s', async (_what, stored) => {
    expect(await verifyMailboxPassword(stored, 'x')).toBe(false);
  });

  it('never verifies an empty password, even against a hash of "" (crypt(3) makes them)', async () => {
    expect(await verifyMailboxPassword('{CRYPT}abmF1QH4PEr.E', '')).toBe(false);
    expect(await verifyMailboxPassword('{MD5-CRYPT}$1$abcdefgh$M55TzYaaccxVGbptZWaxX/', '')).toBe(false);
  });

  it.each(['', 'a\nb', 'a\rb', 'a\0b'])('refuses to hash %j (no mail client could send it)', async (plain) => {
    await expect(hashMailboxPassword(plain)).rejects.toThrow('cannot be empty');
  });
});

describe('checkMailboxPassword', () => {
  it.each(['correct horse 9', 'x'.repeat(10), 'Tr0ub4dor&3!', 'a b c d e f', '~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./', 'x'.repeat(128)])(
    'accepts %j',
    (plain) => {
      expect(checkMailboxPassword(plain, 'joe')).toEqual({ ok: true, value: plain });
    },
  );

  it.each([
    ['short', 'abc123', 'at least 10'],
    ['empty', '', 'at least 10'],
    ['long', 'x'.repeat(129), 'at most 128'],
    ['non-ASCII', 'passwörter123', 'standard keyboard'],
    ['a tab', 'tab\there12345', 'standard keyboard'],
    ['a newline', 'line\nbreak12345', 'standard keyboard'],
    ['NUL', 'nul\0nul1234567', 'standard keyboard'],
    ['leading space', ' leadingspace1', 'start or end'],
    ['trailing space', 'trailingspace1 ', 'start or end'],
    ['the account name', 'MyJoe.Smith2024', 'account name'],
  ])('refuses %s', (_what, plain, message) => {
    const result = checkMailboxPassword(plain, 'joe.smith');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join(' ')).toContain(message);
  });
});
