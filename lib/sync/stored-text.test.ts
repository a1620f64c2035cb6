import { describe, expect, it } from 'vitest';
import { storedText } from './stored-text';

describe('storedText', () => {
  it('keeps map files as they are', () => {
    expect(storedText('virtusertable', 'a@b\tc\n')).toBe('a@b\tc\n');
  });

  it('replaces each password hash by a fingerprint, keeping every other field', () => {
    const text =
      '# header\njoe:{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA:5000:5000::/var/vmail/joe::userdb_quota_rule=*:storage=1024M\n';
    const stored = storedText('dovecot-passwd', text);
    expect(stored).not.toContain('$argon2id$');
    expect(stored).toMatch(
      /^# header\njoe:\{ARGON2ID\}\(hash [0-9a-f]{12}\):5000:5000::\/var\/vmail\/joe::userdb_quota_rule=\*:storage=1024M\n$/,
    );
  });

  it('shows a changed password as a changed line', () => {
    const a = storedText('dovecot-passwd', 'joe:{BLF-CRYPT}$2y$05$aaaa:1:1::/h::\n');
    const b = storedText('dovecot-passwd', 'joe:{BLF-CRYPT}$2y$05$bbbb:1:1::/h::\n');
    expect(a).not.toBe(b);
  });
});
