import type { Actor } from './actor';
import { screenAccess, type Screen } from './screens';

// The permission policy, pure: may this actor open this screen (the table in lib/auth/screens.ts), and
// may it do this to this resource? The data layer asks `can` before every mutation AND puts the tenant
// into every `where` (lib/data/scope.ts), so a row of another tenant never matches even if a check here
// were wrong.

export type Action = 'read' | 'create' | 'update' | 'delete';

export type Resource =
  | { type: 'mailHost'; assignedResellerIds: readonly string[] }
  | { type: 'reseller'; resellerId: string }
  | { type: 'customer'; resellerId: string; customerId: string }
  | { type: 'alias' | 'virtmap'; resellerId: string; customerId: string }
  /** `selfService`: the customer's reseller lets it add and delete its own domains (Customer.mayAddDomains). */
  | { type: 'domain'; resellerId: string; customerId: string; selfService?: boolean }
  /** `accountId` names the account itself: only then may its own mailbox user act on it. */
  | { type: 'account'; resellerId: string; customerId: string; accountId?: string }
  | { type: 'audit'; resellerId: string | null; customerId: string | null };

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  switch (actor.kind) {
    case 'admin':
      return true;
    case 'support':
      // Support reads everything and changes nothing directly: changes go through an audited act-as.
      return action === 'read';
    case 'reseller':
      return resellerMay(actor.resellerId, action, resource);
    case 'customer':
      return customerMay(actor.resellerId, actor.customerId, action, resource);
    case 'mailbox':
      // End customers self-serve their own account from the post office (read it, change its password,
      // forward and autoreply), nothing else: no other account, no new ones, and never deleting their own.
      return (
        resource.type === 'account' &&
        (action === 'read' || action === 'update') &&
        resource.accountId === actor.accountId &&
        owns(actor.resellerId, actor.customerId, resource)
      );
  }
}

function resellerMay(resellerId: string, action: Action, r: Resource): boolean {
  switch (r.type) {
    case 'mailHost':
      // Hosts belong to the operator; a reseller only sees those assigned to it.
      return action === 'read' && r.assignedResellerIds.includes(resellerId);
    case 'reseller':
      // Its own record is readable; limits and status are the operator's to set.
      return action === 'read' && r.resellerId === resellerId;
    case 'audit':
      return action === 'read' && r.resellerId === resellerId;
    default:
      return r.resellerId === resellerId;
  }
}

function customerMay(resellerId: string, customerId: string, action: Action, r: Resource): boolean {
  switch (r.type) {
    case 'mailHost':
    case 'reseller':
      return false;
    case 'customer':
      return action === 'read' && r.customerId === customerId;
    case 'domain':
      // Adding or removing a domain spends the reseller's limits and picks a host: the reseller's call,
      // unless the reseller lets the customer do it (selfService). The customer may always see its domains
      // and switch them off and on.
      return (action === 'read' || action === 'update' || r.selfService === true) && owns(resellerId, customerId, r);
    case 'audit':
      return action === 'read' && r.customerId === customerId;
    default:
      return owns(resellerId, customerId, r);
  }
}

function owns(resellerId: string, customerId: string, r: { resellerId: string; customerId: string }): boolean {
  return r.resellerId === resellerId && r.customerId === customerId;
}

/** May the actor open this screen? Pages answer 404 when not, as for a row of another tenant. */
export function mayOpen(actor: Actor, screen: Screen): boolean {
  return screenAccess(actor.kind, screen) !== null;
}

/** Are the screen's forms the actor's to use (each row still asks `can`), rather than only shown? */
export function mayChangeOn(actor: Actor, screen: Screen): boolean {
  return screenAccess(actor.kind, screen) === 'change';
}
