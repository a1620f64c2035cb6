import { describe, expect, it } from 'vitest';
import { storedDiff, storedText } from './stored-text';

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

  it('keeps a diff of a passwd-file with fingerprints, never a hash, and the changed line as changed', () => {
    const line = (hash: string) => `joe:{BLF-CRYPT}$2y$05$${hash}:1:1::/h::`;
    const before = `# header\n${line('aaaa')}\nzed:{BLF-CRYPT}$2y$05$zzzz:1:1::/h::\n`;
    const after = before.replace(line('aaaa'), line('bbbb'));
    const diff = storedDiff('dovecot-passwd', before, after);
    expect(JSON.stringify(diff)).not.toContain('$2y$');
    const changed = diff.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'same'));
    expect(changed.map((l) => [l.kind, l.text])).toEqual([
      ['del', storedText('dovecot-passwd', line('aaaa'))],
      ['add', storedText('dovecot-passwd', line('bbbb'))],
    ]);
  });

  it('keeps a diff of a map as the texts are', () => {
    const diff = storedDiff('virtual', 'a@x\ta\nb@x\tb\n', 'a@x\ta\nb@x\tc\n');
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    expect(diff.hunks[0]?.lines.map((l) => l.text)).toEqual(['a@x\ta', 'b@x\tb', 'b@x\tc']);
  });
});
