import type { Actor } from '../auth/actor';
import type { Prisma } from '../generated/prisma/client';

// The tenant as a `where` fragment, one per model. Every query of lib/data includes one of these, so a
// row outside the actor's tenant simply never matches (STYLE.md, "data access holds the tenant").
// An id that can never exist stands in for "nothing" where a kind of actor sees no rows at all.
const NOTHING = '00000000-0000-0000-0000-000000000000';

export function resellerScope(actor: Actor): Prisma.ResellerWhereInput {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
    case 'customer':
      return { id: actor.resellerId };
    case 'mailbox':
      return { id: NOTHING };
  }
}

export function customerScope(actor: Actor): Prisma.CustomerWhereInput {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return { resellerId: actor.resellerId };
    case 'customer':
      return { id: actor.customerId, resellerId: actor.resellerId };
    case 'mailbox':
      return { id: NOTHING };
  }
}

/**
 * For rows a customer owns (domains, accounts, aliases): the same fragment fits each of those models,
 * since each has `customerId` and a `customer` relation.
 */
export function ownedScope(actor: Actor) {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return { customer: { resellerId: actor.resellerId } };
    case 'customer':
      return { customerId: actor.customerId, customer: { resellerId: actor.resellerId } };
    case 'mailbox':
      return { id: NOTHING };
  }
}

export const domainScope = (actor: Actor): Prisma.DomainWhereInput => ownedScope(actor);
export const accountScope = (actor: Actor): Prisma.AccountWhereInput => ownedScope(actor);
export const aliasScope = (actor: Actor): Prisma.AliasWhereInput => ownedScope(actor);
export const virtmapScope = (actor: Actor): Prisma.VirtmapWhereInput => ({ domain: ownedScope(actor) });

export function mailHostScope(actor: Actor): Prisma.MailHostWhereInput {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return { resellers: { some: { resellerId: actor.resellerId } } };
    case 'customer':
    case 'mailbox':
      return { id: NOTHING };
  }
}

export function auditScope(actor: Actor): Prisma.AuditEventWhereInput {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return { resellerId: actor.resellerId };
    case 'customer':
      return { customerId: actor.customerId };
    case 'mailbox':
      return { id: -1 };
  }
}
