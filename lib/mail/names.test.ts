import { describe, expect, it } from 'vitest';
import { caseNotice, isReservedName, normalizeAccountName, normalizeAliasName, normalizeVirtmapLocalPart } from './names';

const DB_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const DB_LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;

describe('normalizeAccountName / normalizeAliasName', () => {
  it.each([
    ['joe', 'joe'],
    ['  Joe ', 'joe'],
    ['MARY.ANN', 'mary.ann'],
    ['web-admin', 'web-admin'],
    ['x_1', 'x_1'],
    ['1st', '1st'],
    ['a'.repeat(64), 'a'.repeat(64)],
  ])('accepts %j as %j', (typed, name) => {
    for (const check of [normalizeAccountName, normalizeAliasName]) {
      const result = check(typed);
      expect(result).toEqual({ ok: true, value: name });
      expect(name).toMatch(DB_NAME);
    }
  });

  it.each([
    ['', 'Enter an account name'],
    ['a'.repeat(65), 'at most 64'],
    ['joe smith', 'spaces'],
    ['joe\nroot', 'line breaks'],
    ['joe\tx', 'spaces, tabs'],
    ['joe\u0000', 'line breaks'],
    ['.joe', 'start with a letter'],
    ['-joe', 'start with a letter'],
    ['_joe', 'start with a letter'],
    ['joe..smith', 'two dots'],
    ['joe.', 'end with a dot'],
    ['joe+tag', 'only letters'],
    ['joe@example.com', 'only letters'],
    ['joe,jane', 'only letters'],
    ['joe:', 'only letters'],
    ['|cmd', 'only letters'],
    ['/etc/passwd', 'only letters'],
    [':include:/x', 'only letters'],
    ['joe#x', 'only letters'],
    ['"joe"', 'only letters'],
    ['\\joe', 'only letters'],
    ['jo%e', 'only letters'],
    ['jo!e', 'only letters'],
    ['jöe', 'only letters'],
    ['root', 'reserved'],
    ['Postmaster', 'reserved'],
    ['MAILER-DAEMON', 'reserved'],
    ['nobody', 'reserved'],
    ['systemd-network', 'reserved'],
    ['owner-sales', 'owner-'],
  ])('refuses %j with a message about %j', (typed, fragment) => {
    const result = normalizeAccountName(typed);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toContain(fragment);
  });

  it('names the kind in its messages', () => {
    expect(normalizeAliasName('')).toEqual({ ok: false, problems: ['Enter an alias name.'] });
    expect(normalizeAliasName('a b')).toEqual({ ok: false, problems: ['An alias name may not contain spaces, tabs or line breaks.'] });
  });
});

describe('normalizeVirtmapLocalPart', () => {
  it.each([
    ['', ''],
    ['@', ''],
    ['Webmaster', 'webmaster'],
    ['joe+news', 'joe+news'],
    // sendmail's wildcard keys (a Postfix host refuses them: lib/mail/snapshot-checks.ts).
    ['Joe+*', 'joe+*'],
    ['joe++', 'joe++'],
    ['+*', '+*'],
    ['++', '++'],
    ['postmaster', 'postmaster'],
    ['info.sales-1', 'info.sales-1'],
  ])('accepts %j as %j', (typed, local) => {
    expect(normalizeVirtmapLocalPart(typed)).toEqual({ ok: true, value: local });
    if (local !== '') expect(local).toMatch(DB_LOCAL);
  });

  it.each([
    ['joe@example.com', 'only the part before'],
    ['+news', 'only as the wildcard keys'],
    ['joe+**', 'after "+"'],
    ['joe+*+', 'after "+"'],
    ['jo e+*', 'spaces'],
    ['joe+', 'after "+"'],
    ['joe+a+b', 'after "+"'],
    ['joe bob', 'spaces'],
    ['jo\ne', 'line breaks'],
    ['jo%e', 'only letters'],
    ['a'.repeat(60) + '+abcde', 'at most 64'],
  ])('refuses %j with a message about %j', (typed, fragment) => {
    const result = normalizeVirtmapLocalPart(typed);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toContain(fragment);
  });
});

describe('caseNotice', () => {
  it.each([
    ['Joe', 'joe', 'Mail names are matched in lower case: saved as "joe".'],
    [' joe ', 'joe', undefined],
    ['joe', 'joe', undefined],
    ['x', 'joe', undefined],
  ])('%j → %j', (typed, normalized, notice) => {
    expect(caseNotice(typed, normalized)).toBe(notice);
  });
});

describe('isReservedName', () => {
  it.each([
    ['root', true],
    ['POSTMASTER', true],
    ['_apt', true],
    ['joe', false],
    ['webmaster', false],
  ])('%j → %j', (name, reserved) => {
    expect(isReservedName(name)).toBe(reserved);
  });
});
