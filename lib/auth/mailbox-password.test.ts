import { describe, expect, it } from 'vitest';
import { hashPassword } from './password';
import { checkMailboxPassword } from '../mail/mailbox-password';
import { hashMailboxPassword, mailboxHashNeedsRehash, MAILBOX_HASH_OPTIONS, verifyMailboxPassword } from './mailbox-password';

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
    ['a scheme it cannot check', () => '{SHA512-CRYPT}$6$salt$abc'],
    ['a scheme that disagrees with the hash', (h: string) => h.replace('{ARGON2ID}', '{ARGON2I}')],
    ['a malformed hash', (h: string) => h.slice(0, 40)],
  ])('answers false for %s', async (_what, change) => {
    const stored = await hashMailboxPassword('correct horse 9');
    expect(await verifyMailboxPassword(change(stored), 'correct horse 9')).toBe(false);
    expect(mailboxHashNeedsRehash(change(stored))).toBe(true);
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
