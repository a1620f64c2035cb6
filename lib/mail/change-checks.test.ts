import { describe, expect, it } from 'vitest';
import { checkChange, keepAccountsChange, type MailChange } from '@/tests/support/mail-changes';
import { diffRoutes } from './route-diff';
import { buildSnapshot, type SnapshotSpec } from './snapshot-builder';
import { checkSnapshot } from './snapshot-checks';

const D = ['example.com', 'subhost1.com'];
const base: SnapshotSpec = { domains: D, accounts: ['joe', 'jane', 'bob'], aliases: { sales: ['joe', 'jane'] } };
const alias = (name: string, ...targets: string[]): MailChange => ({
  kind: 'putAlias',
  alias: buildSnapshot({ domains: D, aliases: { [name]: targets } }).aliases[0]!,
});
const virtmap = (key: string, target: string): MailChange => ({
  kind: 'putVirtmap',
  virtmap: buildSnapshot({ domains: D, virtmaps: { [key]: target } }).virtmaps[0]!,
});

describe('checkChange: errors refuse the change', () => {
  it.each<[string, SnapshotSpec, MailChange, string, RegExp]>([
    [
      'alias loop',
      base,
      { kind: 'batch', changes: [alias('a', 'b'), alias('b', 'a')] },
      'aliasLoop',
      /^Alias loop: a → b → a\. Mail to it would be accepted and then bounce/,
    ],
    [
      'alias loop through an address',
      { ...base, aliases: { other: ['team'] }, virtmaps: { 'x@example.com': 'other' } },
      alias('team', 'x@example.com'),
      'aliasLoop',
      /Alias loop: (team → other → team|other → team → other)/,
    ],
    [
      'self-reference through an address without an account',
      { ...base, virtmaps: { 'x@example.com': 'team' } },
      alias('team', 'x@example.com'),
      'deadEnd',
      /The alias team leads to team, which bounces/,
    ],
    [
      'three-alias loop',
      { ...base, aliases: { a: ['b'], b: ['joe'] } },
      alias('b', 'c'),
      'missingTarget',
      /neither an account nor an alias/,
    ],
    ['loop closing', { ...base, aliases: { a: ['b'], b: ['c'], c: ['joe'] } }, alias('c', 'a'), 'aliasLoop', /Alias loop: a → b → c → a/],
    [
      'missing local target',
      base,
      alias('team', 'ghost'),
      'missingTarget',
      /The alias team sends mail to ghost, which is neither an account nor an alias\./,
    ],
    ['\\name without an account', base, alias('team', '\\sales'), 'missingTarget', /there is no account sales/],
    ['self-reference without an account', base, alias('team', 'team', 'joe'), 'selfReferenceWithoutAccount', /names itself/],
    ['virtmap to a missing name', base, virtmap('info@example.com', 'ghost'), 'missingTarget', /info@example.com sends mail to ghost/],
    [
      'virtmap loop',
      { ...base, virtmaps: { 'a@example.com': 'b@example.com' } },
      virtmap('b@example.com', 'a@example.com'),
      'virtmapLoop',
      /goes round the virtmaps/,
    ],
    ['self virtmap', base, virtmap('a@example.com', 'a@example.com'), 'virtmapLoop', /a@example.com/],
    ['catch-all redirect to itself', base, virtmap('@example.com', '%1@example.com'), 'virtmapLoop', /round the virtmaps/],
    [
      'redirect loop between domains',
      { ...base, virtmaps: { '@example.com': '%1@subhost1.com' } },
      virtmap('joe@subhost1.com', 'joe@example.com'),
      'virtmapLoop',
      /joe@/,
    ],
    ['%1 on a key without such a name', base, virtmap('webmaster@example.com', '%1'), 'deadEnd', /webmaster/],
    ['virtmap to an unknown local address', base, virtmap('info@example.com', 'ghost@subhost1.com'), 'deadEnd', /ghost/],
    [
      'alias to a rejected address',
      { ...base, virtmaps: { 'old@example.com': 'error:nouser Gone' } },
      alias('team', 'old@example.com'),
      'deadEnd',
      /bounces/,
    ],
    ['virtmap on a foreign domain', base, virtmap('x@elsewhere.example', 'joe'), 'unknownDomain', /not a domain of this host/],
    [
      'duplicate account by rename',
      base,
      { kind: 'putAccount', account: { name: 'jane', passwordHash: 'x', quotaMb: 1 }, previousName: 'joe' },
      'duplicateName',
      /two accounts named jane/,
    ],
    ['removing an account an alias needs', base, { kind: 'removeAccount', name: 'jane' }, 'missingTarget', /sales sends mail to jane/],
    ['reserved alias name', base, alias('postmaster', 'joe'), 'invalidValue', /not a valid alias name/],
    ['alias without targets', base, { kind: 'putAlias', alias: { name: 'team', targets: [] } }, 'noTargets', /no targets/],
    [
      'unsafe external target',
      base,
      { kind: 'putAlias', alias: { name: 'team', targets: [{ kind: 'external', address: '|/bin/sh' }] } },
      'invalidValue',
      /invalid target/,
    ],
    [
      'unsafe key',
      base,
      { kind: 'putVirtmap', virtmap: { domain: 'example.com', localPart: 'a\nb', target: { kind: 'local', name: 'joe' } } },
      'invalidValue',
      /not a valid virtmap key/,
    ],
  ])('%s', (_name, spec, change, code, message) => {
    const report = checkChange(buildSnapshot(spec), change);
    expect(report.errors.map((e) => e.code)).toContain(code);
    expect(report.errors.find((e) => e.code === code)?.message).toMatch(message);
    for (const e of report.errors) expect(e.severity).toBe('error');
  });

  it.each<[string, SnapshotSpec, MailChange]>([
    ['an alias chain', base, alias('team', 'sales', '\\bob', 'x@elsewhere.example')],
    ['a self-reference with an account', base, alias('joe', 'joe', 'jane')],
    ['a catch-all', base, virtmap('@example.com', 'bob')],
    ['a %1 catch-all', base, virtmap('@example.com', '%1')],
    ['a domain redirect', base, virtmap('@example.com', '%1@subhost1.com')],
    ['a redirect to a foreign domain', base, virtmap('@example.com', '%1@elsewhere.example')],
    ['a rejection', base, virtmap('old@example.com', 'error:4.2.1:450 Later')],
    ['a virtmap chain', { ...base, virtmaps: { 'info@subhost1.com': 'jane' } }, virtmap('info@example.com', 'info@subhost1.com')],
    [
      'an alias to an address on a local domain',
      { ...base, virtmaps: { 'info@subhost1.com': 'jane' } },
      alias('team', 'jane@subhost1.com'),
    ],
    [
      'an account and its address',
      base,
      {
        kind: 'batch',
        changes: [{ kind: 'putAccount', account: { name: 'dave', passwordHash: 'x', quotaMb: 1 } }, virtmap('dave@example.com', 'dave')],
      },
    ],
    [
      'removing a domain with its virtmaps',
      { ...base, virtmaps: { 'info@subhost1.com': 'jane' } },
      { kind: 'removeDomain', domain: 'subhost1.com' },
    ],
  ])('allows %s', (_name, spec, change) => {
    expect(checkChange(buildSnapshot(spec), change).errors).toEqual([]);
  });

  it('does not blame a change for an error that was already there', () => {
    const broken = buildSnapshot({ ...base, aliases: { a: ['ghost'] } });
    expect(checkSnapshot(broken).map((e) => e.code)).toEqual(['missingTarget']);
    expect(checkChange(broken, alias('team', 'joe')).errors).toEqual([]);
  });
});

describe('checkChange: warnings need confirmation', () => {
  it('warns when an alias takes an account name, and offers \\name', () => {
    const report = checkChange(buildSnapshot(base), alias('joe', 'jane'));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      {
        severity: 'warning',
        code: 'shadowsAccount',
        message:
          'Mail to joe will go to the alias joe, not to the account joe: an alias wins over an account of the same name. Add "\\joe" to the alias\'s targets to keep a copy in the account.',
        subjects: ['joe'],
      },
    ]);
  });

  it('does not warn when the alias keeps a copy for the account', () => {
    expect(checkChange(buildSnapshot(base), alias('joe', '\\joe', 'jane')).warnings).toEqual([]);
    expect(checkChange(buildSnapshot(base), alias('joe', 'joe', 'jane')).warnings).toEqual([]);
  });

  it('warns when an account is created under an alias name', () => {
    const report = checkChange(buildSnapshot(base), { kind: 'putAccount', account: { name: 'sales', passwordHash: 'x', quotaMb: 1 } });
    expect(report.warnings.map((w) => w.code)).toEqual(['shadowsAccount']);
  });

  it('lists the accounts a new catch-all takes', () => {
    const spec: SnapshotSpec = { ...base, virtmaps: { 'jane@example.com': 'jane' } };
    const report = checkChange(buildSnapshot(spec), virtmap('@example.com', 'bob'));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'catchAllTakesAccounts', subjects: ['joe'] })]);
    expect(report.warnings[0]?.message).toBe(
      'The catch-all @example.com will take mail for joe: it has no address of its own on example.com. Add an address (name@example.com → name) to keep receiving mail there.',
    );
  });

  it('offers the virtmaps that keep those accounts', () => {
    const before = buildSnapshot(base);
    const change: MailChange = {
      kind: 'batch',
      changes: [virtmap('@example.com', 'bob'), keepAccountsChange('example.com', ['joe', 'jane'])],
    };
    const report = checkChange(before, change);
    expect(report).toMatchObject({ errors: [], warnings: [] });
    expect(diffRoutes(before, report.after).map((c) => c.address)).toEqual(['nobody-here@example.com', 'sales@example.com']);
  });

  it('names only the accounts the user may see', () => {
    const report = checkChange(buildSnapshot(base), virtmap('@example.com', 'error:nouser Gone'), { isVisibleAccount: (n) => n === 'bob' });
    expect(report.warnings[0]?.subjects).toEqual(['bob']);
    expect(report.warnings[0]?.message).toContain('bob, 2 accounts of other customers');
  });
});

describe('diffRoutes', () => {
  it('shows what a catch-all changes', () => {
    const before = buildSnapshot(base);
    const after = checkChange(before, virtmap('@example.com', 'bob')).after;
    const changes = diffRoutes(before, after);
    expect(changes.map((c) => [c.address, c.anyOther, c.beforeText, c.afterText])).toEqual([
      ['jane@example.com', false, ['Delivered to the account jane.'], ['Delivered to the account bob.']],
      ['joe@example.com', false, ['Delivered to the account joe.'], ['Delivered to the account bob.']],
      ['nobody-here@example.com', true, ['Refused at RCPT: 550 5.1.1 User unknown'], ['Delivered to the account bob.']],
      ['sales@example.com', false, ['Delivered to the account joe.', 'Delivered to the account jane.'], ['Delivered to the account bob.']],
    ]);
  });

  it('shows what removing a virtmap changes', () => {
    const before = buildSnapshot({ ...base, virtmaps: { 'webmaster@subhost1.com': 'sales' } });
    const after = checkChange(before, { kind: 'removeVirtmap', domain: 'subhost1.com', localPart: 'webmaster' }).after;
    expect(diffRoutes(before, after).map((c) => [c.address, c.afterText])).toEqual([
      ['webmaster@subhost1.com', ['Refused at RCPT: 550 5.1.1 User unknown']],
    ]);
  });

  it('is empty when nothing changes and takes explicit probes', () => {
    const s = buildSnapshot(base);
    expect(diffRoutes(s, s)).toEqual([]);
    const after = checkChange(s, alias('joe', 'jane')).after;
    expect(diffRoutes(s, after, ['joe@example.com', 'jane@example.com']).map((c) => c.address)).toEqual(['joe@example.com']);
  });
});
