import { describe, expect, it } from 'vitest';
import { checkNewLoginPassword } from './login-password';
import { temporaryPassword } from './temporary-password';

const who = { email: 'shop@corner.example', name: 'Corner Shop' };

describe('a new panel password', () => {
  it.each([
    ['a long phrase of unrelated words', 'violet tractor ninety marble', true],
    ['non-ASCII letters (only the panel reads it)', 'grüne Äpfel fliegen über Zürich', true],
    ['too short', 'x7#kQ!9', false],
    ['a common pattern', 'Password123456', false],
    ['a keyboard row', 'qwertyuiopasdf', false],
    ['the email inside', 'my shop@corner.example pass', false],
    ['the name and a year', 'cornershop2024', false],
    ['longer than 256 characters', 'violet tractor '.repeat(20), false],
  ])('%s: accepted %s', (_case, plain, ok) => {
    expect(checkNewLoginPassword(plain, who).ok).toBe(ok);
  });

  it('says what to do', () => {
    expect(checkNewLoginPassword('short', who)).toEqual({ ok: false, problems: ['Use at least 12 characters for the password.'] });
  });
});

describe('a temporary password', () => {
  it('is four groups of four unambiguous characters, different each time, and strong enough to choose', () => {
    const a = temporaryPassword();
    expect(a).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
    expect(temporaryPassword()).not.toBe(a);
    expect(checkNewLoginPassword(a, who).ok).toBe(true);
  });
});
