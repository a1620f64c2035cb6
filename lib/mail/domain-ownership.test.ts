import { describe, expect, it } from 'vitest';
import {
  isSameOrSubdomain,
  ownershipConflicts,
  ownershipRecord,
  parseDnsServers,
  reservedNameProblems,
  txtProvesToken,
} from './domain-ownership';

describe('ownershipRecord', () => {
  it.each([
    ['gmail.com', 'abc123', '_mailpanel-verify.gmail.com', 'mailpanel-verify=abc123'],
    ['xn--bcher-kva.de', 'f00', '_mailpanel-verify.xn--bcher-kva.de', 'mailpanel-verify=f00'],
  ])('%s with token %s is %s TXT %s', (domain, token, name, value) => {
    expect(ownershipRecord(domain, token)).toEqual({ name, value });
  });
});

describe('txtProvesToken', () => {
  it.each<[string, string[][], string, boolean]>([
    ['the exact value', [['mailpanel-verify=abc']], 'abc', true],
    ['one record among others', [['v=spf1 -all'], ['mailpanel-verify=old'], ['mailpanel-verify=abc']], 'abc', true],
    ['a record split into strings, joined as DNS does', [['mailpanel-verify=', 'a', 'bc']], 'abc', true],
    ['no answers', [], 'abc', false],
    ['another token', [['mailpanel-verify=abd']], 'abc', false],
    ['the token as a prefix only', [['mailpanel-verify=abcdef']], 'abc', false],
    ['the token with a suffix before it', [['xmailpanel-verify=abc']], 'abc', false],
    ['different case', [['MAILPANEL-VERIFY=ABC']], 'abc', false],
    ['surrounding space', [['mailpanel-verify=abc ']], 'abc', false],
    ['the strings of two records are not joined', [['mailpanel-verify='], ['abc']], 'abc', false],
    ['the bare token', [['abc']], 'abc', false],
    ['an empty token proves nothing', [['mailpanel-verify=']], '', false],
  ])('%s', (_label, answers, token, proves) => {
    expect(txtProvesToken(answers, token)).toBe(proves);
  });
});

describe('isSameOrSubdomain', () => {
  it.each<[string, string, boolean]>([
    ['example.com', 'example.com', true],
    ['Example.COM.', 'example.com', true],
    ['mail.example.com', 'example.com', true],
    ['a.b.example.com', 'example.com', true],
    ['badexample.com', 'example.com', false],
    ['example.com', 'mail.example.com', false],
    ['example.com.evil', 'example.com', false],
    ['example.org', 'example.com', false],
    ['', 'example.com', false],
    ['example.com', '', false],
  ])('%s under %s: %s', (name, parent, expected) => {
    expect(isSameOrSubdomain(name, parent)).toBe(expected);
  });
});

describe('reservedNameProblems', () => {
  const hosts = ['mx1.provider.example', '192.0.2.10'];
  it.each<[string, RegExp | null]>([
    ['localhost', /special-use/],
    ['localhost.localdomain', /special-use/],
    ['foo.localhost', /special-use/],
    ['printer.local', /special-use/],
    ['anything.localdomain', /special-use/],
    ['x.invalid', /special-use/],
    ['corp.internal', /special-use/],
    ['mx1.provider.example', /the mail host's own name/],
    ['MX1.Provider.Example.', /the mail host's own name/],
    ['a.mx1.provider.example', /under mx1\.provider\.example, the mail host's own name/],
    ['provider.example', null],
    ['gmail.com', null],
    ['localhost.com', null],
    ['local.example', null],
    ['my-internal.example', null],
    ['10.2.0.192.in-addr.example', null],
  ])('%s', (name, problem) => {
    const problems = reservedNameProblems(name, hosts);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join(' ')).toMatch(problem);
  });

  it('ignores host names that are addresses or empty', () => {
    expect(reservedNameProblems('2.0.192.example', ['192.0.2.10', '', '::1'])).toEqual([]);
  });
});

describe('ownershipConflicts', () => {
  const others = { verifiedOfOthers: ['shop.example', 'deep.shop.example', 'other.example'], hostNames: ['mx.example'] };
  it.each<[string, RegExp | null]>([
    ['new.example', null],
    ['myshop.example', null],
    ['example', null],
    ['mail.shop.example', /under shop\.example, which another customer holds/],
    ['x.deep.shop.example', /under deep\.shop\.example/],
    ['other.example', /already held by another customer/],
    ['mx.example', /mail host's own name/],
    ['sub.mx.example', /mail host's own name/],
    ['localhost.localdomain', /special-use/],
  ])('%s', (name, problem) => {
    const problems = ownershipConflicts(name, others);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join(' ')).toMatch(problem);
  });
});

describe('parseDnsServers', () => {
  it.each<[string | undefined, string[] | null]>([
    [undefined, []],
    ['', []],
    ['127.0.0.1:5353', ['127.0.0.1:5353']],
    [' 127.0.0.1:5353 , 192.0.2.53 ', ['127.0.0.1:5353', '192.0.2.53']],
    ['[::1]:5353', ['[::1]:5353']],
    ['2001:db8::53', ['2001:db8::53']],
    ['dns.example:53', null],
    ['127.0.0.1:53; rm -rf', null],
  ])('%j', (text, servers) => {
    const parsed = parseDnsServers(text);
    if (servers === null) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, servers });
  });
});
