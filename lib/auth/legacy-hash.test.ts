import { describe, expect, it } from 'vitest';
import { NO_LOGIN_HASH, isNoLoginHash, storedHashFromLegacy } from './legacy-hash';
import { verifyMailboxPassword } from './mailbox-password';

const MD5 = '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/';
const BCRYPT = '$2y$05$T/lu3UA5ID07w.Inkk3nj.kmuuq5tmw5uqZibz4fOhoDbACUT7bB6';
const SHA256 = '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5';
const SHA512 = '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1';
const SHA512_ROUNDS =
  '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.';
const DES = 'abJnggxhB/yWI';

describe('storedHashFromLegacy: kept hashes', () => {
  it.each([
    [MD5, `{MD5-CRYPT}${MD5}`, 'password'],
    [BCRYPT, `{BLF-CRYPT}${BCRYPT}`, 'x'],
    [BCRYPT.replace('$2y$', '$2a$'), `{BLF-CRYPT}${BCRYPT.replace('$2y$', '$2a$')}`, 'x'],
    [BCRYPT.replace('$2y$', '$2b$'), `{BLF-CRYPT}${BCRYPT.replace('$2y$', '$2b$')}`, 'x'],
    [SHA256, `{SHA256-CRYPT}${SHA256}`, 'Hello world!'],
    [SHA512, `{SHA512-CRYPT}${SHA512}`, 'Hello world!'],
    [SHA512_ROUNDS, `{SHA512-CRYPT}${SHA512_ROUNDS}`, 'Hello world!'],
    [DES, `{CRYPT}${DES}`, 'password'],
  ])('keeps %s under its Dovecot scheme, and the panel verifies it', async (field, stored, plain) => {
    expect(storedHashFromLegacy(field)).toEqual({ kind: 'hash', stored });
    expect(await verifyMailboxPassword(stored, plain)).toBe(true);
  });
});

describe('storedHashFromLegacy: accounts that cannot log in', () => {
  it.each([
    ['', /^empty password: .*any password/],
    ['!!', /^password never set/],
    ['!', /^locked \(!/],
    [`!${SHA512}`, /^locked \("!" before the hash, as by passwd -l/],
    [`!${DES}`, /^locked/],
    [`!!${MD5}`, /^locked/],
    ['*', /^no password login \(\*\)/],
    ['*LOCKED*', /^locked \(\*LOCKED\*\)/],
    ['*LK*', /^locked/],
    ['*NP*', /^no password login/],
    ['x', /^"x" means the password is in \/etc\/shadow/],
    ['$y$j9T$abcdefghijklmnopqrstu$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO', /^yescrypt \(\$y\$\): a scheme the panel cannot check/],
    ['$7$CU..../....abcdef$abc', /^scrypt/],
    [BCRYPT.replace('$2y$', '$2x$'), /buggy variant/],
    ['_J9..CCCCXBrJUJV154M', /extended DES/],
    ['$md5$rounds=904$abc$def', /Sun MD5/],
    // malformed
    [MD5.slice(0, -1), /^not a password hash the panel recognises/],
    [`${MD5}x`, /^not a password hash/],
    [BCRYPT.replace('$05$', '$03$'), /^not a password hash/],
    [BCRYPT.replace('$05$', '$32$'), /^not a password hash/],
    [SHA256.replace('$5$', '$6$'), /^not a password hash/], // a SHA-256 length under $6$
    [SHA512.replace('$6$', '$5$'), /^not a password hash/],
    [SHA512_ROUNDS.replace('rounds=10000', 'rounds=999'), /^not a password hash/], // libxcrypt refuses them
    [SHA512_ROUNDS.replace('rounds=10000', 'rounds=010000'), /^not a password hash/],
    [SHA512.replace('saltstring', 'salt:tring'), /^not a password hash/],
    [SHA512.replace('saltstring', 'salt[tring'), /^not a password hash/],
    ['abJnggxhB/yW', /^not a password hash/], // 12 characters
    ['abJnggxhB/yWJ', /^not a password hash/], // a last character DES never writes
    [MD5.replace(/\/$/, 'z'), /^not a password hash/], // a last character MD5-crypt never writes
    ['abJnggxhB/yWI ', /^not a password hash/],
    ['ab_nggxhB/yWI', /^not a password hash/],
    ['{SHA512-CRYPT}' + SHA512, /^not a password hash/], // already prefixed: not a shadow field
    ['plaintext', /^not a password hash/],
    ['NP', /^not a password hash/],
  ])('%j → locked (%s)', (field, reason) => {
    const result = storedHashFromLegacy(field);
    expect(result.kind).toBe('locked');
    if (result.kind === 'locked') expect(result.reason).toMatch(reason);
  });
});

describe('NO_LOGIN_HASH', () => {
  it('is recognised, and only it', () => {
    expect(isNoLoginHash(NO_LOGIN_HASH)).toBe(true);
    expect(isNoLoginHash(`{CRYPT}${DES}`)).toBe(false);
    expect(isNoLoginHash('{CRYPT}!!')).toBe(false);
  });

  it.each(['', '!', '!!', '*', ' ', 'password', '{CRYPT}!', '\0'])('verifies under the panel with no password (%j)', async (plain) => {
    expect(await verifyMailboxPassword(NO_LOGIN_HASH, plain)).toBe(false);
  });
});
