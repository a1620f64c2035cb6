import { describe, expect, it } from 'vitest';
import type { Actor, ActorKind } from './actor';
import { can, mayChangeOn, mayOpen, type Resource } from './policy';
import { navFor, SCREENS, screenAccess, type Screen } from './screens';

const ACTORS: Record<ActorKind, Actor> = {
  admin: { kind: 'admin', userId: 'u-admin', label: 'admin@op' },
  support: { kind: 'support', userId: 'u-sup', label: 'support@op' },
  reseller: { kind: 'reseller', userId: 'u-r', label: 'r@res', resellerId: 'R' },
  customer: { kind: 'customer', userId: 'u-c', label: 'c', resellerId: 'R', customerId: 'C' },
  mailbox: { kind: 'mailbox', label: 'joe@h', accountId: 'acc', customerId: 'C', resellerId: 'R' },
};

// Who may open each screen: C = change (its forms are theirs), R = read only, - = not theirs (404).
//            screen           admin support reseller customer mailbox
const TABLE: [Screen, string][] = [
  ['overview', '            R      R       R        R       -'],
  ['resellers', '           C      R       -        -       -'],
  ['resellerNew', '         C      -       -        -       -'],
  ['reseller', '            C      R       R        -       -'],
  ['resellerEdit', '        C      -       -        -       -'],
  ['mailHosts', '           C      R       R        -       -'],
  ['mailHostNew', '         C      -       -        -       -'],
  ['mailHost', '            C      R       -        -       -'],
  ['mailHostEdit', '        C      -       -        -       -'],
  ['mailHostImport', '      C      -       C        -       -'],
  ['importRun', '           C      R       C        -       -'],
  ['mailCsv', '             C      R       C        C       -'],
  ['syncRun', '             R      R       -        -       -'],
  ['customers', '           C      R       C        -       -'],
  ['customerNew', '         C      -       C        -       -'],
  ['customer', '            C      R       C        R       -'],
  ['customerEdit', '        C      -       C        -       -'],
  ['domains', '             C      R       C        C       -'],
  ['domainNew', '           C      -       C        C       -'],
  ['domain', '              C      R       C        C       -'],
  ['accounts', '            C      R       C        C       -'],
  ['accountNew', '          C      -       C        C       -'],
  ['account', '             C      R       C        C       -'],
  ['aliases', '             C      R       C        C       -'],
  ['aliasNew', '            C      -       C        C       -'],
  ['alias', '               C      R       C        C       -'],
  ['accountsBulk', '        C      -       C        C       -'],
  ['aliasesBulk', '         C      -       C        C       -'],
  ['domainsBulk', '         C      -       C        C       -'],
  ['routes', '              R      R       R        R       -'],
  ['audit', '               R      R       R        R       -'],
  ['customerActAs', '       -      C       -        -       -'],
  ['resellerActAs', '       -      C       -        -       -'],
  ['accountActAs', '        -      C       -        -       -'],
  ['supportSessions', '     C      R       -        -       -'],
  ['search', '              R      R       R        R       -'],
  ['profile', '             C      C       C        C       -'],
];
const KINDS: ActorKind[] = ['admin', 'support', 'reseller', 'customer', 'mailbox'];
const ACCESS = { C: 'change', R: 'read', '-': null } as const;

describe('the screen table', () => {
  it('names every screen once', () => {
    expect(TABLE.map(([s]) => s).sort()).toEqual(Object.keys(SCREENS).sort());
  });

  it.each(
    TABLE.flatMap(([screen, row]) =>
      row
        .trim()
        .split(/\s+/)
        .map((mark, i) => [screen, KINDS[i]!, mark] as const),
    ),
  )('%s for %s: %s', (screen, kind, mark) => {
    const access = ACCESS[mark as keyof typeof ACCESS];
    expect(screenAccess(kind, screen)).toBe(access);
    expect(mayOpen(ACTORS[kind], screen)).toBe(access !== null);
    expect(mayChangeOn(ACTORS[kind], screen)).toBe(access === 'change');
  });

  it('gives each kind the nav it always had', () => {
    expect(navFor('admin').map((l) => l.label)).toEqual([
      'Overview',
      'Resellers',
      'Mail hosts',
      'Customers',
      'Domains',
      'Accounts',
      'Aliases',
      'Where does mail go?',
      'Audit log',
    ]);
    expect(navFor('support')).toEqual(navFor('admin'));
    expect(navFor('reseller').map((l) => l.href)).toEqual([
      '/',
      '/mail-hosts',
      '/customers',
      '/domains',
      '/accounts',
      '/aliases',
      '/routes',
      '/audit',
    ]);
    expect(navFor('customer').map((l) => l.href)).toEqual(['/', '/domains', '/accounts', '/aliases', '/routes', '/audit']);
    expect(navFor('mailbox')).toEqual([]);
  });
});

// The table and the resource policy answer the same questions the same way: a screen that creates or
// changes something opens for exactly the kinds the policy lets do it in their own tenant.
describe('the screens agree with the policy', () => {
  const own = (actor: Actor) => ({
    resellerId: 'resellerId' in actor ? actor.resellerId : 'R',
    customerId: 'customerId' in actor ? actor.customerId : 'C',
  });
  const creates: [Screen, (actor: Actor) => Resource][] = [
    ['resellerNew', () => ({ type: 'reseller', resellerId: '' })],
    ['mailHostNew', () => ({ type: 'mailHost', assignedResellerIds: [] })],
    ['customerNew', (a) => ({ type: 'customer', ...own(a) })],
    // A customer whose reseller lets it add its own domains (the page refuses any other customer).
    ['domainNew', (a) => ({ type: 'domain', ...own(a), selfService: true })],
    ['accountNew', (a) => ({ type: 'account', ...own(a) })],
    ['aliasNew', (a) => ({ type: 'alias', ...own(a) })],
  ];
  it.each(creates.flatMap(([screen, resource]) => KINDS.map((kind) => [screen, kind, resource] as const)))(
    '%s opens for %s exactly when it may create there',
    (screen, kind, resource) => {
      const actor = ACTORS[kind];
      expect(mayOpen(actor, screen)).toBe(can(actor, 'create', resource(actor)));
    },
  );

  const changes: [Screen, (actor: Actor) => Resource][] = [
    ['mailHostEdit', () => ({ type: 'mailHost', assignedResellerIds: ['R'] })],
    ['reseller', (a) => ({ type: 'reseller', resellerId: own(a).resellerId })],
    ['resellerEdit', (a) => ({ type: 'reseller', resellerId: own(a).resellerId })],
    ['customerEdit', (a) => ({ type: 'customer', ...own(a) })],
    ['customer', (a) => ({ type: 'customer', ...own(a) })],
    ['domain', (a) => ({ type: 'domain', ...own(a) })],
    ['account', (a) => ({ type: 'account', ...own(a) })],
    ['alias', (a) => ({ type: 'alias', ...own(a) })],
  ];
  it.each(changes.flatMap(([screen, resource]) => KINDS.map((kind) => [screen, kind, resource] as const)))(
    '%s is "change" for %s exactly when it may update its own there',
    (screen, kind, resource) => {
      const actor = ACTORS[kind];
      expect(mayChangeOn(actor, screen)).toBe(can(actor, 'update', resource(actor)));
    },
  );
});
