import { describe, expect, it } from 'vitest';
import type { Actor } from './actor';
import { can, mayOpen, type Action, type Resource } from './policy';

const admin: Actor = { kind: 'admin', userId: 'u-admin', label: 'admin@op' };
const support: Actor = { kind: 'support', userId: 'u-sup', label: 'support@op' };
const resA: Actor = { kind: 'reseller', userId: 'u-ra', label: 'a@res', resellerId: 'R-A' };
const resB: Actor = { kind: 'reseller', userId: 'u-rb', label: 'b@res', resellerId: 'R-B' };
const custA1: Actor = { kind: 'customer', userId: 'u-c1', label: 'c1', resellerId: 'R-A', customerId: 'C-A1' };
const mailbox: Actor = { kind: 'mailbox', label: 'joe@h', accountId: 'acc', customerId: 'C-A1', resellerId: 'R-A' };

const hostOfA: Resource = { type: 'mailHost', assignedResellerIds: ['R-A'] };
const resellerA: Resource = { type: 'reseller', resellerId: 'R-A' };
const customerA1: Resource = { type: 'customer', resellerId: 'R-A', customerId: 'C-A1' };
const customerA2: Resource = { type: 'customer', resellerId: 'R-A', customerId: 'C-A2' };
const domainA1: Resource = { type: 'domain', resellerId: 'R-A', customerId: 'C-A1' };
const domainA2: Resource = { type: 'domain', resellerId: 'R-A', customerId: 'C-A2' };
const accountA1: Resource = { type: 'account', resellerId: 'R-A', customerId: 'C-A1' };
const ownAccount: Resource = { type: 'account', resellerId: 'R-A', customerId: 'C-A1', accountId: 'acc' };
const siblingAccount: Resource = { type: 'account', resellerId: 'R-A', customerId: 'C-A1', accountId: 'other' };
const auditA: Resource = { type: 'audit', resellerId: 'R-A', customerId: null };

const table: [string, Actor, Action, Resource, boolean][] = [
  ['admin creates a mail host', admin, 'create', hostOfA, true],
  ['admin deletes a domain of any tenant', admin, 'delete', domainA2, true],
  ['support reads a domain', support, 'read', domainA1, true],
  ['support may not change a domain directly', support, 'update', domainA1, false],
  ['support may not create a customer', support, 'create', customerA1, false],
  ['reseller reads an assigned host', resA, 'read', hostOfA, true],
  ['reseller may not read an unassigned host', resB, 'read', hostOfA, false],
  ['reseller may not create a host', resA, 'create', hostOfA, false],
  ['reseller reads itself', resA, 'read', resellerA, true],
  ['reseller may not raise its own limits', resA, 'update', resellerA, false],
  ['reseller may not read another reseller', resB, 'read', resellerA, false],
  ['reseller creates its customer', resA, 'create', customerA1, true],
  ["reseller B may not read A's customer", resB, 'read', customerA1, false],
  ["reseller B may not change A's customer", resB, 'update', customerA1, false],
  ['reseller creates a domain for its customer', resA, 'create', domainA2, true],
  ["reseller B may not delete A's domain", resB, 'delete', domainA1, false],
  ['reseller reads its own audit trail', resA, 'read', auditA, true],
  ["reseller B may not read A's audit trail", resB, 'read', auditA, false],
  ['customer reads itself', custA1, 'read', customerA1, true],
  ['customer may not change its own limits', custA1, 'update', customerA1, false],
  ['customer may not read a sibling customer', custA1, 'read', customerA2, false],
  ['customer reads its domain', custA1, 'read', domainA1, true],
  ['customer disables its domain', custA1, 'update', domainA1, true],
  ['customer may not add a domain', custA1, 'create', domainA1, false],
  ['customer may not delete a domain', custA1, 'delete', domainA1, false],
  ['customer its reseller lets add domains adds one', custA1, 'create', { ...domainA1, selfService: true }, true],
  ['customer its reseller lets add domains deletes one', custA1, 'delete', { ...domainA1, selfService: true }, true],
  ['customer may not add a domain for another customer, even when allowed', custA1, 'create', { ...domainA2, selfService: true }, false],
  ["customer may not touch a sibling's domain", custA1, 'update', domainA2, false],
  ['customer creates its account', custA1, 'create', accountA1, true],
  ['customer may not see hosts', custA1, 'read', hostOfA, false],
  ['mailbox user may not read domains', mailbox, 'read', domainA1, false],
  ['mailbox user reads its own account', mailbox, 'read', ownAccount, true],
  ['mailbox user changes its own account', mailbox, 'update', ownAccount, true],
  ['mailbox user may not delete its own account', mailbox, 'delete', ownAccount, false],
  ['mailbox user may not create accounts', mailbox, 'create', accountA1, false],
  ["mailbox user may not read a sibling mailbox's account", mailbox, 'read', siblingAccount, false],
  ['mailbox user may not read an account named without its id', mailbox, 'read', accountA1, false],
  [
    'mailbox user may not read its account id under another customer',
    mailbox,
    'read',
    { type: 'account', resellerId: 'R-A', customerId: 'C-A2', accountId: 'acc' },
    false,
  ],
  ['mailbox user may not read its customer', mailbox, 'read', customerA1, false],
  ['mailbox user may not read the audit trail', mailbox, 'read', auditA, false],
  ['customer reads a mailbox of its own by id', custA1, 'read', ownAccount, true],
];

describe('can(actor, action, resource)', () => {
  it.each(table)('%s', (_name, actor, action, resource, expected) => {
    expect(can(actor, action, resource)).toBe(expected);
  });
});

// The "New …" screens (and their Add buttons), from the screen table (lib/auth/screens.ts).
describe('mayOpen(actor, a "new" screen)', () => {
  it.each([
    [admin, 'domainNew', true],
    [support, 'domainNew', false],
    [resA, 'customerNew', true],
    [resA, 'domainNew', true],
    [custA1, 'customerNew', false],
    // The screen opens; the page answers 404 unless the customer's reseller lets it add domains.
    [custA1, 'domainNew', true],
    [custA1, 'accountNew', true],
    [mailbox, 'accountNew', false],
  ] as const)('%o may open %s: %s', (actor, screen, expected) => {
    expect(mayOpen(actor, screen)).toBe(expected);
  });
});
