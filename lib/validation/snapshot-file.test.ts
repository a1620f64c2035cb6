import { describe, expect, it } from 'vitest';
import { parseSnapshotFile } from './snapshot-file';

// The snapshot file (docs/snapshot.md) is an interface people script against: version 1 files are read as
// before, version 2 says who owns what, and anything else is refused with a message that says why.

const HASH = '{SHA512-CRYPT}$6$salt$hash';
const v1 = {
  version: 1,
  host: { name: 'mx', flavor: 'sendmail' },
  domains: ['a.example'],
  accounts: [{ name: 'joe', passwordHash: HASH, quotaMb: 10 }],
  aliases: [],
  virtmaps: [],
};
const v2 = {
  version: 2,
  host: { name: 'mx', flavor: 'postfix' },
  domains: ['a.example', 'b.example'],
  domainOwners: { 'a.example': 'ta', 'b.example': 'tb' },
  accounts: [
    { name: 'joe', owner: 'ta', passwordHash: HASH, quotaMb: 10, login: 'joe@a.example' },
    { name: 'joe', owner: 'tb', passwordHash: HASH, quotaMb: 10 },
  ],
  aliases: [{ name: 'info', owner: 'tb', targets: [{ kind: 'local', name: 'joe' }] }],
  virtmaps: [{ domain: 'b.example', localPart: '', target: { kind: 'local', name: 'joe' } }],
};
const problems = (value: unknown) => {
  const parsed = parseSnapshotFile(JSON.stringify(value));
  return parsed.ok ? [] : parsed.problems;
};

describe('parseSnapshotFile', () => {
  it('reads a version 1 file as it always did', () => {
    expect(parseSnapshotFile(JSON.stringify(v1))).toEqual({ ok: true, snapshot: v1 });
  });

  it('reads a version 2 file, two customers both with joe', () => {
    expect(parseSnapshotFile(JSON.stringify(v2))).toEqual({ ok: true, snapshot: v2 });
  });

  it.each<[string, unknown, string]>([
    ['an unknown version', { ...v1, version: 3 }, 'version: 3 is not a snapshot version this mailpanel reads'],
    ['no version', { ...v1, version: undefined }, 'version: null is not a snapshot version'],
    ['a version 2 domain without an owner', { ...v2, domainOwners: { 'a.example': 'ta' } }, 'domain b.example has no owner'],
    ['an owner that is not a tag', { ...v2, domainOwners: { 'a.example': 'T-A', 'b.example': 'tb' } }, 'owner must be a customer tag'],
    ['a version 2 account without an owner', { ...v2, accounts: [{ name: 'joe', passwordHash: HASH, quotaMb: 10 }] }, 'accounts.0.owner'],
    ['a login that is not an address', { ...v2, accounts: [{ ...v2.accounts[0], login: 'joe' }] }, 'accounts.0.login'],
  ])('refuses %s, saying why', (_, value, expected) => {
    expect(problems(value).join('\n')).toContain(expected);
  });
});
