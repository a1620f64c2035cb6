// Hashes imported from a sendmail host's /etc/shadow (lib/auth/legacy-hash.ts) against real Dovecot 2.3: each
// kept kind (MD5-crypt, bcrypt $2a$/$2b$/$2y$, SHA-256 and SHA-512 crypt with and without rounds=, DES) made
// here by the system's crypt(3) as shadow holds it, stored under its scheme, rendered into the passwd-file,
// logs in with its password (doveadm auth test and POP3) and not with a wrong one; the panel agrees on each.
// Accounts imported locked, never set or empty (NO_LOGIN_HASH, every line `nologin`) are refused whatever is
// typed, and NO_LOGIN_HASH matches nothing even on a line without `nologin`. Needs tests/mta/install-dovecot.sh.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_LOGIN_HASH, storedHashFromLegacy } from '../../lib/auth/legacy-hash';
import { verifyMailboxPassword } from '../../lib/auth/mailbox-password';
import type { SnapshotAccount } from '../../lib/mail/snapshot';
import { renderDovecotPasswd } from '../../lib/mailmaps/dovecot';
import { waitFor } from '../support/wait-for';
import { Pop3Client } from './dovecot-clients';
import { MAIL_GID, MAIL_UID, requireDovecot, startDovecot, type DovecotInstance } from './dovecot-instance';

/** The system's crypt(3) (libxcrypt on Debian), as passwd(1) would have written the shadow field. */
const crypt = (plain: string, setting: string) =>
  execFileSync('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', plain, setting], { encoding: 'utf8' });

// [account, crypt(3) setting, password]
const KEPT: [string, string, string][] = [
  ['md5', '$1$Qx7.aB/z', 'correct horse 9'],
  ['md5-nosalt', '$1$', 'a b c d e f g'],
  ['blf-2a', '$2a$05$abcdefghijklmnopqrstuu', 'Tr0ub4dor&3!'],
  ['blf-2b', '$2b$06$ABCDEFGHIJKLMNOPQRSTUu', '~!@#$%^&*()_+{}|"<>?'],
  ['blf-2y', '$2y$05$0123456789./abcdefghij', 'bcrypt y pass 1'],
  ['sha256', '$5$saltsalt', 'sha two five six'],
  ['sha256-rounds', '$5$rounds=1000$short', 'sha256 rounds 1000'],
  ['sha512', '$6$8lXvE7GMCxwnJjo8', 'sha five one two'],
  ['sha512-rounds', '$6$rounds=12000$saltstringsaltst', 'sha512 rounds 12000'],
  ['des', 'Xy', 'des8char'],
  ['des-long', './', 'Hello world!'], // only "Hello wo" counts, in crypt(3) as in the panel
];

// [account, shadow field]
const SHA512_FIELD = '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1';
const LOCKED: [string, string][] = [
  ['empty', ''],
  ['never-set', '!!'],
  ['bang', '!'],
  ['star', '*'],
  ['locked-word', '*LOCKED*'],
  ['passwd-l', `!${SHA512_FIELD}`], // passwd -l of "Hello world!"
];
// What a person, a script or an attacker might type for an account without a password.
const GUESSES = ['!', '!!', '*', '*0', '*1', 'x', 'Hello world!', `!${SHA512_FIELD}`, NO_LOGIN_HASH, ' ', '0'];

let dovecot: DovecotInstance;
const accounts: SnapshotAccount[] = [];
const kept: { name: string; field: string; stored: string; plain: string }[] = [];
const measured: Record<string, string> = {};

let client = 0;
/** Each check from its own loopback address, so Dovecot's auth penalty for one failure does not slow the next. */
const nextAddress = () => {
  client++;
  return `127.0.${20 + (client >> 8)}.${(client % 250) + 1}`;
};
const authTest = (user: string, password: string) => dovecot.doveadm('auth', 'test', '-x', `rip=${nextAddress()}`, user, password);
/** A POP3 login from 127.0.0.1 (Dovecot takes plaintext logins only over a connection it counts secure). */
async function pop3(user: string, password: string): Promise<string> {
  const { client: pop, greeting } = await Pop3Client.connect(dovecot.pop3Port);
  expect(greeting).toMatch(/^\+OK/);
  expect(await pop.command(`USER ${user}`)).toMatch(/^\+OK/);
  const reply = await pop.command(`PASS ${password}`);
  await pop.quit();
  return reply;
}

beforeAll(async () => {
  requireDovecot(); // fails with the install command when Dovecot is missing: no silent skip
  for (const [name, setting, plain] of KEPT) {
    const field = crypt(plain, setting);
    const result = storedHashFromLegacy(field);
    if (result.kind !== 'hash') throw new Error(`${name}: ${field} was not kept: ${result.reason}`);
    kept.push({ name: `legacy-${name}`, field, stored: result.stored, plain });
    accounts.push({ name: `legacy-${name}`, passwordHash: result.stored, quotaMb: 10 });
  }
  for (const [name, field] of LOCKED) {
    const result = storedHashFromLegacy(field);
    if (result.kind !== 'locked') throw new Error(`${name}: ${field} was kept`);
    accounts.push({ name: `locked-${name}`, passwordHash: NO_LOGIN_HASH, quotaMb: 10 });
  }
  dovecot = await startDovecot(renderDovecotPasswd({ accounts }, { uid: MAIL_UID, gid: MAIL_GID, homeBase: '/tmp/unused-homes' }));
});

afterAll(async () => {
  if (Object.keys(measured).length > 0) console.info(`legacy hashes in Dovecot: ${JSON.stringify(measured, null, 1)}`);
  await dovecot?.stop();
});

describe('imported shadow hashes in real Dovecot', () => {
  it('crypt(3) wrote each kind, and each was kept under its scheme', () => {
    const schemes = kept.map(({ name, stored }) => `${name} ${/^\{([A-Z0-9-]+)\}/.exec(stored)?.[1]}`);
    expect(schemes).toEqual([
      'legacy-md5 MD5-CRYPT',
      'legacy-md5-nosalt MD5-CRYPT',
      'legacy-blf-2a BLF-CRYPT',
      'legacy-blf-2b BLF-CRYPT',
      'legacy-blf-2y BLF-CRYPT',
      'legacy-sha256 SHA256-CRYPT',
      'legacy-sha256-rounds SHA256-CRYPT',
      'legacy-sha512 SHA512-CRYPT',
      'legacy-sha512-rounds SHA512-CRYPT',
      'legacy-des CRYPT',
      'legacy-des-long CRYPT',
    ]);
    for (const { field, stored } of kept) expect(stored.endsWith(field)).toBe(true);
    expect(kept.find((k) => k.name === 'legacy-sha512-rounds')?.field).toMatch(/^\$6\$rounds=12000\$/);
    expect(kept.find((k) => k.name === 'legacy-des')?.field).toMatch(/^[./0-9A-Za-z]{13}$/);
  });

  it('doveadm auth test accepts each with its password and refuses a wrong one; the panel agrees', async () => {
    for (const { name, stored, plain } of kept) {
      const good = await authTest(name, plain);
      expect(good, `${name}: ${good.stdout}${good.stderr}`).toMatchObject({ code: 0 });
      expect(good.stdout).toContain(`passdb: ${name} auth succeeded`);
      const wrong = `?${plain.slice(1)}`;
      const bad = await authTest(name, wrong);
      expect(bad.code, name).toBe(77);
      expect(await verifyMailboxPassword(stored, plain), `panel: ${name}`).toBe(true);
      expect(await verifyMailboxPassword(stored, wrong), `panel: ${name}`).toBe(false);
      measured[name] = 'accepted with its password, refused with a wrong one';
    }
  });

  it('DES: Dovecot, like the panel, counts only the first 8 characters', async () => {
    const { stored } = kept.find((k) => k.name === 'legacy-des-long')!;
    expect((await authTest('legacy-des-long', 'Hello wo')).code).toBe(0);
    expect((await authTest('legacy-des-long', 'Hello wonderful')).code).toBe(0);
    expect((await authTest('legacy-des-long', 'Hello w')).code).toBe(77);
    expect(await verifyMailboxPassword(stored, 'Hello wonderful')).toBe(true);
    expect(await verifyMailboxPassword(stored, 'Hello w')).toBe(false);
  });

  // Every POP3 login comes from 127.0.0.1, so its failures slow the next (auth penalty): successes first, and
  // two failures only; doveadm auth test (each from its own address) covers the rest.
  it('a POP3 login works with each kept hash; a wrong password and a locked account fail', async () => {
    for (const { name, plain } of kept) {
      expect(await pop3(name, plain), name).toMatch(/^\+OK/);
    }
    expect(await pop3('legacy-md5', 'not the password')).toMatch(/^-ERR \[AUTH\] Authentication failed/);
    // locked by passwd -l: the password it had before is refused
    expect(await pop3('locked-passwd-l', 'Hello world!')).toMatch(/^-ERR \[AUTH\] Authentication failed/);
  });

  it('refuses every locked, never-set and empty account whatever is typed (doveadm auth test)', async () => {
    for (const [name] of LOCKED) {
      const answers = await Promise.all(['', ...GUESSES].map(async (guess) => ({ guess, ...(await authTest(`locked-${name}`, guess)) })));
      for (const { guess, code, stdout } of answers) expect(code, `locked-${name} with ${JSON.stringify(guess)}: ${stdout}`).toBe(77);
      measured[`locked-${name}`] = `refused for "" and ${GUESSES.length} guesses`;
    }
  }, 60_000);

  it('NO_LOGIN_HASH matches nothing even on a line without nologin (doveadm pw -t and a hand-written line)', async () => {
    for (const guess of GUESSES) {
      const check = await dovecot.run('/usr/bin/doveadm', ['pw', '-t', NO_LOGIN_HASH, '-p', guess]);
      expect(check.code, guess).not.toBe(0);
      expect(check.stderr).toContain('mismatch');
    }
    // The renderer never writes this line (parseDovecotPasswd refuses it): what Dovecot does if one did.
    const text = renderDovecotPasswd({ accounts }, { uid: MAIL_UID, gid: MAIL_GID, homeBase: '/tmp/unused-homes' });
    dovecot.publishPasswd(`${text}bare:${NO_LOGIN_HASH}:${MAIL_UID}:${MAIL_GID}::/tmp/unused-homes/bare::\n`);
    await waitFor('Dovecot to read the line of "bare"', async () => (await dovecot.doveadm('user', 'bare')).code === 0);
    const answers = await Promise.all(['', ...GUESSES].map(async (guess) => ({ guess, ...(await authTest('bare', guess)) })));
    for (const { guess, code } of answers) expect(code, JSON.stringify(guess)).toBe(77);
    measured.bare = `{CRYPT}! without nologin refused for "" and ${GUESSES.length} guesses`;
    // crypt(3) with the salt "!" fails quietly ("*0"): no "crypt() failed" or other error in Dovecot's log.
    expect(dovecot.log()).not.toMatch(/error|warning|fatal|panic/i);
  }, 60_000);
});
