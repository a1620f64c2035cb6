import { describe, expect, it } from 'vitest';
import { checkNewMailboxPassword, identityWords } from './password-strength';

const joe = { address: 'joe.smith@subhost1.example', name: 'joe.smith' };

describe('checkNewMailboxPassword', () => {
  it.each([
    ['a passphrase of unrelated words', 'copper lantern breezy walrus', true],
    ['random characters', 'vT8#qL2!mZ9x', true],
    ['too short', 'xK9#p', false],
    ['a common password padded to length', 'password123', false],
    ['a keyboard row', 'qwertyuiop', false],
    ['repeated characters', 'aaaaaaaaaaaa', false],
    ['the address itself', 'joe.smith@subhost1.example', false],
    ['the address in capitals', 'JOE.SMITH@SUBHOST1.EXAMPLE', false],
    ['the account name with digits', 'joe.smith2026', false],
    ['the domain with a year', 'subhost1.example2026', false],
    ['non-ASCII (mail clients differ)', 'Grüße aus der Bücherecke', false],
    ['a trailing space', 'copper lantern breezy walrus ', false],
  ])('%s', (_name, password, ok) => {
    expect(checkNewMailboxPassword(password, joe).ok).toBe(ok);
  });

  it('explains a weak password without echoing it', () => {
    const result = checkNewMailboxPassword('password123', joe);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).not.toContain('password123');
  });

  it('works for an account that has no login address yet', () => {
    expect(checkNewMailboxPassword('copper lantern breezy walrus', { address: null, name: 'joe' }).ok).toBe(true);
  });
});

describe('identityWords', () => {
  it('gives the address, its local part, the domain labels and the name, lower-cased, without short words', () => {
    expect(identityWords({ address: 'Joe@Mail.Example', name: 'joe' })).toEqual([
      'joe',
      'joe@mail.example',
      'mail.example',
      'mail',
      'example',
    ]);
  });
});
