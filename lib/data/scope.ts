import type { Actor } from '../auth/actor';
import type { Prisma } from '../generated/prisma/client';

// The tenant as a `where` fragment, one per model: the fragments of lib/data that limit rows to a tenant
// are made here. Every query of lib/data includes one of these, so a row outside
// the actor's tenant simply never matches (STYLE.md, "data access holds the tenant").
// An id that can never exist stands in for "nothing" where a kind of actor sees no rows at all.
const NOTHING = '00000000-0000-0000-0000-000000000000';

// ─── A tenant known by id (a customer or reseller already loaded within the actor's scope) ──────────

/** Rows one customer owns (its domains, accounts, aliases). */
export const ofCustomer = (customerId: string) => ({ customerId });

/** Rows a customer owns (domains, accounts, aliases) that belong to one reseller's customers. */
export const ofResellersCustomers = (resellerId: string) => ({ customer: { resellerId } });

/** The hosts assigned to a reseller: where its customers' domains, accounts and aliases may be placed. */
export const hostsOfReseller = (resellerId: string): Prisma.MailHostWhereInput => ({ resellers: { some: { resellerId } } });

// ─── The actor's tenant ─────────────────────────────────────────────────────────────────────────────

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
function ownedScope(actor: Actor) {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return ofResellersCustomers(actor.resellerId);
    case 'customer':
      return { ...ofCustomer(actor.customerId), ...ofResellersCustomers(actor.resellerId) };
    case 'mailbox':
      return { id: NOTHING };
  }
}

export const domainScope = (actor: Actor): Prisma.DomainWhereInput => ownedScope(actor);
/** A mailbox user's own account, and only it (within its customer, so a stale actor matches nothing). */
export const accountScope = (actor: Actor): Prisma.AccountWhereInput =>
  actor.kind === 'mailbox' ? { id: actor.accountId, customerId: actor.customerId } : ownedScope(actor);
export const aliasScope = (actor: Actor): Prisma.AliasWhereInput => ownedScope(actor);
/**
 * The alias that is a mailbox's forward (the alias with its account's name): a mailbox user reaches it
 * through its own customer, and the caller names the account's name; others through their alias scope.
 */
export const forwardAliasScope = (actor: Actor): Prisma.AliasWhereInput =>
  actor.kind === 'mailbox' ? ofCustomer(actor.customerId) : aliasScope(actor);
export const virtmapScope = (actor: Actor): Prisma.VirtmapWhereInput => ({ domain: ownedScope(actor) });

export function mailHostScope(actor: Actor): Prisma.MailHostWhereInput {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return hostsOfReseller(actor.resellerId);
    case 'customer':
    case 'mailbox':
      return { id: NOTHING };
  }
}

/**
 * The customers whose mail data is the actor's own: a reseller's customers, a customer itself, a mailbox
 * user's customer. Operators own no mail data; they see all of it, and callers ask them no such question.
 */
export function ownCustomersScope(actor: Actor): Prisma.CustomerWhereInput {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return { resellerId: actor.resellerId };
    case 'customer':
    case 'mailbox':
      return { id: actor.customerId };
  }
}

/** The per-customer record of each host's last change (markHostChanged): the actor's own customers' rows. */
export const ownHostChangesScope = (actor: Actor): Prisma.CustomerHostChangeWhereInput => ({ customer: ownCustomersScope(actor) });

/**
 * Who may ask about a host's sync state: whoever may see the host, and anyone with mail data on it (a
 * customer never sees hosts, but does see whether its own changes are live).
 */
export function hostStatusScope(actor: Actor): Prisma.MailHostWhereInput {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return { OR: [mailHostScope(actor), { domains: { some: ofResellersCustomers(actor.resellerId) } }] };
    case 'customer':
      return {
        OR: [
          { domains: { some: { customerId: actor.customerId } } },
          { accounts: { some: { customerId: actor.customerId } } },
          { aliases: { some: { customerId: actor.customerId } } },
        ],
      };
    case 'mailbox':
      return { accounts: { some: { id: actor.accountId } } };
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
