import { describe, expect, it } from 'vitest';
import type { LegacyAlias, LegacyHost, LegacyTarget, LegacyUser, LegacyVirtmap } from './legacy-host';
import { planImport } from './import-plan';

let line = 0;
const user = (name: string, uid = 1000): LegacyUser => ({
  file: 'passwd',
  line: ++line,
  name,
  uid,
  gid: 100,
  home: `/home/${name}`,
  shell: '/bin/false',
  passwordField: '$6$salt$hash',
  passwordFrom: 'shadow',
});
const alias = (name: string, ...targets: LegacyTarget[]): LegacyAlias => ({ file: 'aliases', line: ++line, name, targets });
const vm = (key: string, target: LegacyTarget): LegacyVirtmap => {
  const [localPart = '', domain = ''] = key.split('@');
  return { file: 'virtusertable', line: ++line, domain, localPart, target };
};
const name = (n: string): LegacyTarget => ({ kind: 'name', name: n });
const host = (over: Partial<LegacyHost>): LegacyHost => ({ domains: [], virtmaps: [], aliases: [], users: [], keptOut: [], ...over });

describe('planImport into one customer', () => {
  const plan = planImport({
    defaultCustomer: 'acme',
    legacy: host({
      domains: ['a.example', 'b.example', 'c.example'],
      users: [user('root', 0), user('joe'), user('ann', 500), user('Bob')],
      aliases: [
        alias('sales', name('joe'), name('ann'), { kind: 'address', address: 'boss@elsewhere.example' }),
        alias('postmaster', name('root')),
        alias('logs', { kind: 'discard' }),
        alias('team', name('sales'), name('logs')),
        alias('self', { kind: 'account', name: 'joe' }, name('joe')),
        alias('letters', name('joe+news')),
        alias('viasales', name('sales+x')),
      ],
      virtmaps: [
        vm('info@a.example', name('sales')),
        vm('@b.example', { kind: 'template', value: '%1@a.example' }),
        vm('old@a.example', { kind: 'reject', code: 'nouser', text: 'Gone' }),
        vm('policy@a.example', { kind: 'reject', code: '5.7.1:550', text: 'Policy' }),
        vm('nohost@a.example', { kind: 'reject', code: 'nohost', text: 'Gone' }),
        vm('later@a.example', { kind: 'reject', code: 'tempfail', text: 'Later' }),
        vm('mixed@a.example', { kind: 'reject', code: '5.7.1:450', text: 'Mixed' }),
        vm('ghost@a.example', name('nobodyhere')),
        vm('boss@a.example', name('root')),
        vm('joe+*@a.example', name('joe')),
        vm('++@a.example', name('sales')),
        vm('tags+*@a.example', { kind: 'template', value: 'joe+%2' }),
        vm('news@a.example', name('joe+news')),
        vm('@c.example', { kind: 'template', value: '%1%3@a.example' }),
        vm('keep@a.example', { kind: 'template', value: 'joe%3' }),
        vm('plus@a.example', { kind: 'template', value: 'ext+%2@elsewhere.example' }),
        vm('local@a.example', { kind: 'template', value: 'joe+%2' }),
        vm('list@a.example', { kind: 'template', value: '%2@lists.example' }),
        vm('exact+x@a.example', { kind: 'template', value: 'ext%3@elsewhere.example' }),
      ],
    }),
  });

  it('creates the domains, mailboxes and aliases the panel models', () => {
    expect(plan.domains).toEqual([
      { name: 'a.example', customer: 'acme' },
      { name: 'b.example', customer: 'acme' },
      { name: 'c.example', customer: 'acme' },
    ]);
    expect(plan.accounts.map((a) => a.name)).toEqual(['joe', 'ann']);
    expect(plan.aliases.map((a) => [a.name, a.targets])).toEqual([
      [
        'sales',
        [
          { kind: 'local', name: 'joe' },
          { kind: 'local', name: 'ann' },
          { kind: 'external', address: 'boss@elsewhere.example' },
        ],
      ],
      // /dev/null: this copy thrown away, as on the old host.
      ['logs', [{ kind: 'discard' }]],
      [
        'team',
        [
          { kind: 'local', name: 'sales' },
          { kind: 'local', name: 'logs' },
        ],
      ],
      [
        'self',
        [
          { kind: 'account', name: 'joe' },
          { kind: 'local', name: 'joe' },
        ],
      ],
      // A name with its own +detail: the account gets the copy with it.
      ['letters', [{ kind: 'local', name: 'joe', detail: 'news' }]],
    ]);
    expect(plan.virtmaps.map((v) => [`${v.localPart}@${v.domain}`, v.target])).toEqual([
      ['info@a.example', { kind: 'local', name: 'sales' }],
      ['@b.example', { kind: 'domainRedirect', domain: 'a.example' }],
      ['old@a.example', { kind: 'reject', code: 'nouser', text: 'Gone' }],
      ['policy@a.example', { kind: 'reject', code: '5.7.1:550', text: 'Policy' }],
      // Every sysexits keyword answers as error:nouser (RCPT and -bv, measured).
      ['nohost@a.example', { kind: 'reject', code: 'nouser', text: 'Gone' }],
      // sendmail's wildcard keys, as they were (a Postfix host would refuse them).
      ['joe+*@a.example', { kind: 'local', name: 'joe' }],
      ['++@a.example', { kind: 'local', name: 'sales' }],
      // `+%2` on a wildcard key always has a detail: it is `%3` there.
      ['tags+*@a.example', { kind: 'local', name: 'joe', keepDetail: true }],
      // A local name with its own +detail.
      ['news@a.example', { kind: 'local', name: 'joe', detail: 'news' }],
      ['@c.example', { kind: 'domainRedirect', domain: 'a.example', keepDetail: true }],
      ['keep@a.example', { kind: 'local', name: 'joe', keepDetail: true }],
      // `joe+%2` on a plain key: "joe+" is joe with an empty detail, as `joe%3` gives joe.
      ['local@a.example', { kind: 'local', name: 'joe', keepDetail: true }],
      // An exact match passes no detail on: %3 is empty there, so it is left out.
      ['exact+x@a.example', { kind: 'external', address: 'ext@elsewhere.example' }],
      // The catch-all took postmaster@ and abuse@ on the old host; the panel's catch-alls never do, so they
      // get its target as their own (docs/tenancy.md, rule 3).
      ['postmaster@b.example', { kind: 'domainRedirect', domain: 'a.example' }],
      ['abuse@b.example', { kind: 'domainRedirect', domain: 'a.example' }],
      ['postmaster@c.example', { kind: 'domainRedirect', domain: 'a.example', keepDetail: true }],
      ['abuse@c.example', { kind: 'domainRedirect', domain: 'a.example', keepDetail: true }],
    ]);
    expect(plan.roleAddressesOpened).toEqual([]);
  });

  it('keeps wildcard keys out, with the reason, when the host imported into runs Postfix', () => {
    const legacy = host({
      domains: ['c.example'],
      users: [user('joe')],
      virtmaps: [vm('joe+*@c.example', name('joe')), vm('joe@c.example', name('joe'))],
    });
    const postfix = planImport({ defaultCustomer: 'acme', legacy, flavor: 'postfix' });
    expect(postfix.virtmaps.map((v) => v.localPart)).toEqual(['joe']);
    expect(postfix.keptOut.map((k) => [k.key, k.reason.split(':')[0]])).toEqual([['joe+*@c.example', 'Wildcard key']]);
    expect(planImport({ defaultCustomer: 'acme', legacy }).virtmaps.map((v) => v.localPart)).toEqual(['joe+*', 'joe']);
  });

  it('takes name@localhost as the local name, as sendmail does, unless the host has keys at localhost', () => {
    const legacy = host({
      domains: ['c.example'],
      users: [user('joe'), user('ann')],
      aliases: [alias('team', { kind: 'address', address: 'ann@localhost' }, name('joe'))],
      virtmaps: [vm('info@c.example', { kind: 'address', address: 'joe@localhost' })],
    });
    const plan = planImport({ defaultCustomer: 'acme', legacy });
    expect(plan.virtmaps.map((v) => v.target)).toContainEqual({ kind: 'local', name: 'joe' });
    expect(plan.aliases.find((a) => a.name === 'team')?.targets).toEqual([
      { kind: 'local', name: 'ann' },
      { kind: 'local', name: 'joe' },
    ]);
    const withKeys = planImport({
      defaultCustomer: 'acme',
      legacy: { ...legacy, virtmaps: [...legacy.virtmaps, vm('x@localhost', name('joe'))] },
    });
    expect(withKeys.keptOut.map((k) => k.key)).toContain('info@c.example');
  });

  it('says which postmaster@ and abuse@ a refusing catch-all no longer refuses', () => {
    const refusing = planImport({
      defaultCustomer: 'acme',
      legacy: host({ domains: ['c.example'], virtmaps: [vm('@c.example', { kind: 'reject', code: 'nouser', text: 'No' })] }),
    });
    expect(refusing.roleAddressesOpened).toEqual(['postmaster@c.example', 'abuse@c.example']);
    expect(refusing.virtmaps).toHaveLength(1);
  });

  it('keeps out, with its line and reason, everything else (and what pointed at it)', () => {
    const out = plan.keptOut.map((k) => [k.file, k.key, k.reason.split(':')[0]!.split(' (')[0]]);
    expect(out).toEqual([
      ['aliases', 'postmaster', '"postmaster" is the mail host\'s own name'],
      // A +detail on an alias: sendmail and Postfix differ where that alias is being expanded.
      ['aliases', 'viasales', 'Target "sales+x"'],
      ['passwd', 'root', 'System account'],
      ['passwd', 'Bob', 'Not a name the panel allows for an account'],
      ['virtusertable', 'later@a.example', 'Rejection "error'],
      ['virtusertable', 'mixed@a.example', 'Rejection "error'],
      ['virtusertable', 'ghost@a.example', 'Target "nobodyhere" is not an account or alias the panel takes'],
      ['virtusertable', 'boss@a.example', 'Target "root" is not an account or alias the panel takes'],
      // `x+%2@e` on a plain key gives "x+@e" for an address without a detail, which %3 does not.
      ['virtusertable', 'plus@a.example', 'Target "ext+%2@elsewhere.example" is not modelled by the panel yet'],
      ['virtusertable', 'list@a.example', 'Target "%2@lists.example" is not modelled by the panel yet'],
    ]);
    expect(plan.shared).toEqual([]);
    expect(plan.fallThroughLost).toEqual([]);
  });
});

describe('planImport into several customers', () => {
  const plan = planImport({
    defaultCustomer: 'acme',
    domainCustomers: { 'b.example': 'bravo' },
    legacy: host({
      domains: ['a.example', 'b.example'],
      users: [user('joe'), user('ann'), user('kim')],
      aliases: [alias('sales', name('ann'))],
      virtmaps: [vm('info@a.example', name('joe')), vm('info@b.example', name('joe')), vm('sales@b.example', name('sales'))],
    }),
  });

  it('gives each name to the customer whose domains reach it', () => {
    expect(plan.accounts.map((a) => [a.name, a.customer])).toEqual([
      ['joe', 'acme'],
      ['ann', 'bravo'],
      ['kim', 'acme'],
    ]);
    expect(plan.aliases.map((a) => [a.name, a.customer])).toEqual([['sales', 'bravo']]);
  });

  it('reports a name two customers reach, and keeps the other customer’s address to it out', () => {
    expect(plan.shared).toEqual([{ name: 'joe', owner: 'acme', customers: ['acme', 'bravo'], addresses: ['info@b.example'] }]);
    expect(plan.virtmaps.map((v) => `${v.localPart}@${v.domain}`)).toEqual(['info@a.example', 'sales@b.example']);
    expect(plan.keptOut.map((k) => k.key)).toEqual(['info@b.example']);
  });

  it('says which addresses the isolation rule stops answering', () => {
    expect(plan.fallThroughLost).toEqual([
      { customer: 'acme', addresses: 2, examples: ['joe@b.example'] },
      { customer: 'bravo', addresses: 2, examples: ['ann@a.example'] },
    ]);
  });
});
