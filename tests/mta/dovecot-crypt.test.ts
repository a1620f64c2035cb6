// The postoffice login checks a mailbox password against the same hash Dovecot verifies, for every scheme the
// panel stores (docs/dovecot.md, "Password hashes"): hashes made here by the real `doveadm pw`, in each scheme
// and at other costs (-r), are accepted by verifyMailboxPassword with their password and refused with another.
// Needs tests/mta/install-dovecot.sh (doveadm only: no instance is started).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { mailboxHashNeedsRehash, verifyMailboxPassword } from '../../lib/auth/mailbox-password';
import { requireDovecot } from './dovecot-instance';

const run = promisify(execFile);

// What the password policy lets through (lib/mail/mailbox-password.ts): spaces, punctuation, 128 characters.
// 64 and 128 bytes are whole multiples of SHA-512's digest size, a case a SHA-crypt port can get wrong;
// bcrypt counts only the first 72 bytes, in Dovecot as here.
const PASSWORDS = [
  'correct horse 9',
  'a b c d e f g',
  '~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./',
  'Tr0ub4dor&3!',
  'x'.repeat(64),
  `${'y'.repeat(127)}z`,
];

// [scheme, doveadm pw arguments]: the defaults (SHA-crypt 5000 rounds, bcrypt cost 5), and other costs.
const SCHEMES: [string, string[]][] = [
  ['SHA512-CRYPT', []],
  ['SHA512-CRYPT', ['-r', '12000']],
  ['SHA256-CRYPT', []],
  ['SHA256-CRYPT', ['-r', '1000']],
  ['BLF-CRYPT', []],
  ['BLF-CRYPT', ['-r', '8']],
];

type Made = { scheme: string; args: string[]; plain: string; stored: string };
let made: Made[] = [];

/** `plain` with the character at `at` replaced by another. */
const changed = (plain: string, at: number) => plain.slice(0, at) + (plain[at] === 'q' ? 'r' : 'q') + plain.slice(at + 1);

const doveadmPw = async (scheme: string, args: string[], plain: string) =>
  (await run('/usr/bin/doveadm', ['pw', '-s', scheme, ...args, '-p', plain], { encoding: 'utf8' })).stdout.trim();

beforeAll(async () => {
  requireDovecot(); // fails with the install command when Dovecot is missing: no silent skip
  const jobs = SCHEMES.flatMap(([scheme, args]) => PASSWORDS.map((plain) => ({ scheme, args, plain })));
  // Argon2 as Dovecot writes it (its own, higher costs), one password each: the panel's own hashes are tested
  // in lib/auth/mailbox-password.test.ts and tests/mta/dovecot.test.ts.
  jobs.push(...['ARGON2ID', 'ARGON2I'].map((scheme) => ({ scheme, args: [], plain: PASSWORDS[2]! })));
  made = await Promise.all(jobs.map(async (job) => ({ ...job, stored: await doveadmPw(job.scheme, job.args, job.plain) })));
});

describe('verifyMailboxPassword against hashes from doveadm pw', () => {
  it('made each hash in the scheme asked for, at the cost asked for', () => {
    for (const { scheme, args, stored } of made) {
      expect(stored.startsWith(`{${scheme}}`), stored).toBe(true);
      if (scheme === 'SHA512-CRYPT' && args[1]) expect(stored).toContain(`$6$rounds=${args[1]}$`);
      if (scheme === 'BLF-CRYPT') expect(stored).toMatch(args[1] ? /^\{BLF-CRYPT\}\$2y\$08\$/ : /^\{BLF-CRYPT\}\$2y\$05\$/);
    }
  });

  it.each(SCHEMES.map(([scheme, args]) => [`${scheme} ${args.join(' ')}`.trim(), scheme, args] as const))(
    '%s: accepts each password and refuses another',
    async (_name, scheme, args) => {
      const mine = made.filter((m) => m.scheme === scheme && m.args.join() === args.join());
      expect(mine).toHaveLength(PASSWORDS.length);
      for (const { plain, stored } of mine) {
        expect(await verifyMailboxPassword(stored, plain), `${stored} with ${plain}`).toBe(true);
        expect(await verifyMailboxPassword(stored, changed(plain, 0)), `${stored} with a changed first character`).toBe(false);
        // bcrypt ignores what comes after 72 bytes (below); everything else counts every character.
        if (scheme !== 'BLF-CRYPT' || plain.length < 72) {
          expect(await verifyMailboxPassword(stored, changed(plain, plain.length - 1)), `${stored}: last character`).toBe(false);
          expect(await verifyMailboxPassword(stored, `${plain} `)).toBe(false);
        }
        expect(mailboxHashNeedsRehash(stored)).toBe(true); // a login replaces it with our {ARGON2ID}
      }
    },
  );

  it('refuses the other passwords of the list', async () => {
    for (const { plain, stored } of made.filter((m) => m.args.length === 0 && m.scheme.endsWith('CRYPT'))) {
      const at = PASSWORDS.indexOf(plain);
      const others = [PASSWORDS[(at + 1) % PASSWORDS.length]!, PASSWORDS[(at + 2) % PASSWORDS.length]!];
      expect(await Promise.all(others.map((other) => verifyMailboxPassword(stored, other)))).toEqual(others.map(() => false));
    }
  });

  it('Argon2 hashes written by Dovecot (its costs, not ours) verify too', async () => {
    const argon = made.filter((m) => m.scheme.startsWith('ARGON2'));
    expect(argon).toHaveLength(2);
    for (const { plain, stored } of argon) {
      expect(await verifyMailboxPassword(stored, plain)).toBe(true);
      expect(await verifyMailboxPassword(stored, `${plain}x`)).toBe(false);
    }
  });

  it('bcrypt: like Dovecot, only the first 72 bytes count', async () => {
    const long = made.find((m) => m.scheme === 'BLF-CRYPT' && m.plain.length === 128)!;
    expect(await verifyMailboxPassword(long.stored, long.plain.slice(0, 72))).toBe(true);
    const check = await run('/usr/bin/doveadm', ['pw', '-t', long.stored, '-p', long.plain.slice(0, 72)], { encoding: 'utf8' });
    expect(check.stdout).toMatch(/verified/);
  });
});
