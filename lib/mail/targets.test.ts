import { describe, expect, it } from 'vitest';
import {
  checkVirtmapTarget,
  formatVirtmapTarget,
  normalizeExternalAddress,
  normalizeRedirectDomain,
  normalizeRejectText,
  parseAliasTarget,
  parseAliasTargets,
  MAX_ALIAS_TARGETS,
  parseVirtmapTarget,
  sendmailReplyText,
  splitTargets,
  TARGETS_TOO_LONG,
  TOO_MANY_TARGETS,
} from './targets';

function problems(result: { ok: boolean; problems?: string[] }): string {
  return result.ok ? '(accepted)' : (result.problems ?? []).join(' ');
}

describe('normalizeExternalAddress', () => {
  it.each([
    ['joe@example.com', 'joe@example.com'],
    ['  Joe.Smith@Example.COM ', 'Joe.Smith@example.com'],
    ['me+tag@gmail.com', 'me+tag@gmail.com'],
    ['prvs=1234=joe@example.com', 'prvs=1234=joe@example.com'],
    ['_x@example.com', '_x@example.com'],
    ['joe@bücher.de', 'joe@xn--bcher-kva.de'],
  ])('accepts %j as %j', (typed, address) => {
    expect(normalizeExternalAddress(typed)).toEqual({ ok: true, value: address });
  });

  it.each([
    ['', 'Enter an email address'],
    ['joe', 'full email address'],
    ['@example.com', 'Source routes'],
    ['joe@', 'full email address'],
    ['a@b@example.com', 'only one "@"'],
    ['@relay.example:joe@example.com', 'Source routes'],
    ['joe@example.com, jane@example.com', 'one address only'],
    ['joe@example.com;jane@example.com', 'one address only'],
    ['|/usr/bin/evil', 'Program targets'],
    ['"|/usr/bin/evil"', 'Program targets'],
    ['/etc/passwd', 'File targets'],
    [':include:/etc/list', 'Include targets'],
    [':INCLUDE:/etc/list', 'Include targets'],
    ['"joe smith"@example.com', 'spaces'],
    ['"joe"@example.com', 'Quoted'],
    ['joe\\@example.com', 'Quoted'],
    ['Joe <joe@example.com>', 'spaces'],
    ['<joe@example.com>', 'angle brackets'],
    ['joe(comment)@example.com', 'comments'],
    ['joe%other.com@example.com', 'routed with "%"'],
    ['host!joe@example.com', 'routed with "%" or "!"'],
    ['joe@example.com\nroot: |/bin/sh', 'line breaks'],
    ['joe@exam\rple.com', 'line breaks'],
    ['joe@exa mple.com', 'spaces'],
    ['joe#x@example.com', 'only letters'],
    ["o'brien@example.ie", 'only letters'],
    ['joe$x@example.com', 'only letters'],
    ['.joe@example.com', 'must start with'],
    ['-joe@example.com', 'must start with'],
    ['jo..e@example.com', 'two dots'],
    ['joe.@example.com', 'end with a dot'],
    ['jöe@example.com', 'only letters'],
    ['joe@localhost', 'fully qualified'],
    ['joe@192.168.1.1', 'IP address'],
    ['joe@[127.0.0.1]', 'only letters'],
    ['a'.repeat(65) + '@example.com', 'at most 64'],
    ['abcdefghij@' + ('a'.repeat(61) + '.').repeat(4) + 'co', 'at most 254'],
  ])('refuses %j with a message about %j', (typed, fragment) => {
    expect(problems(normalizeExternalAddress(typed))).toContain(fragment);
  });
});

describe('normalizeRejectText', () => {
  it.each([
    ['No such user here', 'No such user here'],
    ['  Gone,   sorry. ', 'Gone, sorry.'],
    ["Don't write here - ask info at example dot com?", "Don't write here - ask info at example dot com?"],
  ])('accepts %j as %j', (typed, text) => {
    expect(normalizeRejectText(typed)).toEqual({ ok: true, value: text });
  });

  it.each([
    ['', 'Enter the message'],
    ['   ', 'Enter the message'],
    ['Gone\nroot: x', 'one line'],
    ['Gone\r', '(accepted)'],
    ['Gone\tnow', 'one line'],
    ['250 ok', 'start with a letter'],
    ['5.1.1 gone', 'start with a letter'],
    ['...', 'start with a letter'],
    ['Gone (really)', 'only letters'],
    ['Gone "now"', 'only letters'],
    ['Use <x@y>', 'only letters'],
    ['100% gone', 'only letters'],
    ['Costs $5', 'only letters'],
    ['Gone # comment', 'only letters'],
    ['Gone: now', 'only letters'],
    ['Ask x@y.com', 'only letters'],
    ['Gone\\', 'only letters'],
    ['Gone, café', 'plain ASCII'],
    ['G' + 'o'.repeat(200), 'at most 200'],
  ])('refuses %j with a message about %j', (typed, fragment) => {
    const result = normalizeRejectText(typed);
    if (fragment === '(accepted)') expect(result).toEqual({ ok: true, value: 'Gone' });
    else expect(problems(result)).toContain(fragment);
  });

  it.each([
    ['Gone, sorry', 'Gone,sorry'],
    ['No such user here.', 'No such user here.'],
    ['a . b', 'a.b'],
  ])('sendmail answers %j as %j', (text, reply) => {
    expect(sendmailReplyText(text)).toBe(reply);
  });
});

describe('parseAliasTarget', () => {
  it.each([
    ['joe', { kind: 'local', name: 'joe' }],
    ['Joe', { kind: 'local', name: 'joe' }],
    ['\\joe', { kind: 'account', name: 'joe' }],
    ['joe@Example.com', { kind: 'external', address: 'joe@example.com' }],
    [' /dev/null ', { kind: 'discard' }],
    // A name with its own +detail: aliases are looked up without it, an account keeps it.
    ['Joe+Lists', { kind: 'local', name: 'joe', detail: 'lists' }],
  ])('%j → %j', (typed, target) => {
    expect(parseAliasTarget(typed)).toEqual({ ok: true, value: target });
  });

  it.each([
    ['|/bin/sh', 'Program targets'],
    ['/var/mail/x', 'File targets'],
    [':include:/x', 'Include targets'],
    ['root', 'reserved'],
    ['\\root', 'reserved'],
    ['joe jane', 'spaces'],
    ['joe+a+b', 'The detail after "+"'],
    ['\\joe+x', 'An account name may contain only'],
  ])('refuses %j with a message about %j', (typed, fragment) => {
    expect(problems(parseAliasTarget(typed))).toContain(fragment);
  });

  it('splits a list by lines and commas, drops duplicates, names each bad target', () => {
    expect(parseAliasTargets('joe, jane\n\\joe\nJOE\nx@example.com')).toEqual({
      ok: true,
      value: [
        { kind: 'local', name: 'joe' },
        { kind: 'local', name: 'jane' },
        { kind: 'account', name: 'joe' },
        { kind: 'external', address: 'x@example.com' },
      ],
    });
    expect(parseAliasTargets(' , \n')).toEqual({ ok: false, problems: ['Enter at least one target.'] });
    expect(problems(parseAliasTargets('joe\n|cmd'))).toBe('"|cmd": Program targets ("|command") are not offered.');
  });

  const list = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join('\n');

  it.each([
    // The reported case: 450,000 targets overflowed the stack; now one sentence, whatever they are.
    ['450,000 good targets', list(450_000, (i) => `u${i}@example.com`), TARGETS_TOO_LONG],
    ['450,000 bad targets', list(450_000, (i) => `u${i}@@example.com`), TARGETS_TOO_LONG],
    ['one target too many', list(MAX_ALIAS_TARGETS + 1, (i) => `u${i}`), TOO_MANY_TARGETS],
  ])('refuses %s with a sentence instead of throwing', (_, typed, message) => {
    expect(parseAliasTargets(typed)).toEqual({ ok: false, problems: [message] });
  });

  it('takes the most targets an alias may have', () => {
    const checked = parseAliasTargets(list(MAX_ALIAS_TARGETS, (i) => `u${i}@example.com`));
    expect(checked.ok && checked.value.length).toBe(MAX_ALIAS_TARGETS);
  });

  it('names the first bad targets of a long list and counts the rest', () => {
    const told = parseAliasTargets(list(MAX_ALIAS_TARGETS, (i) => `|cmd${i}`));
    expect(told.ok).toBe(false);
    const lines = told.ok ? [] : told.problems;
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('"|cmd0": Program targets ("|command") are not offered.');
    expect(lines[20]).toBe('…and 980 more problems like these.');
  });

  it.each([
    ['joe, jane\n\\joe', ['joe', 'jane', '\\joe']],
    [' a ,, \r\n b\n', ['a', 'b']],
    ['', []],
    [',\n,', []],
  ])('splits %j into %j', (typed, items) => {
    expect(splitTargets(typed)).toEqual(items);
  });
});

describe('parseVirtmapTarget', () => {
  it.each([
    ['joe', { kind: 'local', name: 'joe' }],
    ['x@Example.com', { kind: 'external', address: 'x@example.com' }],
    ['%1@Other.example', { kind: 'domainRedirect', domain: 'other.example' }],
    ['%1', { kind: 'localPart' }],
    // A local name with its own +detail; `%3` passes the address's +detail on after the local part.
    ['joe+News', { kind: 'local', name: 'joe', detail: 'news' }],
    ['joe%3', { kind: 'local', name: 'joe', keepDetail: true }],
    ['%1%3', { kind: 'localPart', keepDetail: true }],
    ['%1%3@Other.example', { kind: 'domainRedirect', domain: 'other.example', keepDetail: true }],
    ['ext%3@Other.example', { kind: 'external', address: 'ext@other.example', keepDetail: true }],
    ['error:nouser No such user', { kind: 'reject', code: 'nouser', text: 'No such user' }],
    ['ERROR:5.1.1:550 Gone', { kind: 'reject', code: 'unknown', text: 'Gone' }],
    ['error:4.2.1:450   Try later', { kind: 'reject', code: 'tempfail', text: 'Try later' }],
    ['error:5.7.1:550 Not here', { kind: 'reject', code: '5.7.1:550', text: 'Not here' }],
    ['error:4.7.0:451 Later', { kind: 'reject', code: '4.7.0:451', text: 'Later' }],
    ['error:5.3.0:553 Gone', { kind: 'reject', code: 'nouser', text: 'Gone' }],
  ])('%j → %j', (typed, target) => {
    expect(parseVirtmapTarget(typed)).toEqual({ ok: true, value: target });
  });

  it.each([
    ['', 'Enter where'],
    ['error:nouser', 'Enter the message'],
    ['error:5.7.1:450 No', 'same class'],
    ['error:4.2.1:421 No', 'closes the whole connection'],
    ['error:2.1.5:250 No', 'A rejection is'],
    ['error:5.07.1:550 No', 'no leading zeros'],
    ['error:nohost No', 'not a rejection code'],
    ['/dev/null', 'is for aliases'],
    ['error:tempfail No', 'not a rejection code'],
    ['error:nouser Gone\nx', 'one line'],
    ['%2@other.example', '"%1" and "%3" are the substitutions offered'],
    ['joe+%2', '"%1" and "%3" are the substitutions offered'],
    ['%3%1@other.example', '"%1" and "%3" are the substitutions offered'],
    ['%3', '"%3" follows the local part'],
    ['joe+news%3', 'cannot also pass'],
    ['joe+a+b', 'The detail after "+"'],
    ['joe+', 'Enter the detail'],
    ['%1@a@b.example', 'Enter the domain'],
    ['\\joe', 'for alias targets'],
    ['joe, jane', 'one address only'],
    ['|/bin/sh', 'Program targets'],
    [':include:/x', 'Include targets'],
  ])('refuses %j with a message about %j', (typed, fragment) => {
    expect(problems(parseVirtmapTarget(typed))).toContain(fragment);
  });

  it('round-trips through formatVirtmapTarget', () => {
    for (const text of [
      'joe',
      'x@example.com',
      '%1@other.example',
      '%1',
      'joe+news',
      'joe%3',
      '%1%3',
      '%1%3@other.example',
      'ext%3@other.example',
      'error:nouser Gone',
      'error:5.1.1:550 Gone',
      'error:4.2.1:450 Later',
    ]) {
      const parsed = parseVirtmapTarget(text);
      expect(parsed.ok && formatVirtmapTarget(parsed.value)).toBe(text);
    }
  });

  it('checks structured targets as a form submits them', () => {
    expect(checkVirtmapTarget({ kind: 'reject', code: 'nouser', text: ' Gone ' })).toEqual({
      ok: true,
      value: { kind: 'reject', code: 'nouser', text: 'Gone' },
    });
    expect(checkVirtmapTarget({ kind: 'local', name: 'Joe' })).toEqual({ ok: true, value: { kind: 'local', name: 'joe' } });
    expect(checkVirtmapTarget({ kind: 'domainRedirect', domain: 'BÜCHER.de' })).toEqual({
      ok: true,
      value: { kind: 'domainRedirect', domain: 'xn--bcher-kva.de' },
    });
    expect(problems(checkVirtmapTarget({ kind: 'reject', code: 'x' as 'nouser', text: 'Gone' }))).toContain('Choose how');
    expect(normalizeRedirectDomain('@example.net')).toEqual({ ok: true, value: 'example.net' });
  });
});
