import './server-only';
import type { Actor } from '../auth/actor';
import type { Action } from '../auth/policy';
import { db } from '../db/client';
import { NotFoundError } from './errors';
import { actingLabel, type AuditEntry } from './audit';
import type { Prisma } from '../generated/prisma/client';
import { assertCan } from './guard';
import { accountScope } from './scope';

// The account behind a postoffice function, loaded within the actor's tenant: a mailbox user's own account
// only (accountScope), a customer's, reseller's or operator's any account they hold. Another mailbox's id
// matches nothing and answers "not found", as any id outside the tenant does.

export async function loadMailboxAccount(actor: Actor, id: string, action: Extract<Action, 'read' | 'update'>) {
  const account = await db().account.findFirst({
    where: { AND: [accountScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      quotaMb: true,
      enabled: true,
      loginAddress: true,
      passwordHash: true,
      mailHostId: true,
      customer: { select: { id: true, name: true, resellerId: true, mailTag: true, maxAliases: true } },
      mailHost: { select: { webmailUrl: true } },
    },
  });
  if (!account) throw new NotFoundError('That mailbox');
  assertCan(actor, action, {
    type: 'account',
    resellerId: account.customer.resellerId,
    customerId: account.customer.id,
    accountId: account.id,
  });
  return account;
}

export type MailboxAccount = Awaited<ReturnType<typeof loadMailboxAccount>>;

/** How the audit log names the mailbox: its login address, else its name (accounts without one yet). */
export const mailboxLabel = (account: Pick<MailboxAccount, 'loginAddress' | 'name'>) => account.loginAddress ?? account.name;

/** Who acted, in an audit sentence: the mailbox's owner, or the panel user by its login. */
export const actorWords = (actor: Actor) =>
  'actingAs' in actor && actor.actingAs
    ? actingLabel(actor.actingAs)
    : actor.kind === 'mailbox'
      ? `mailbox ${actor.label}`
      : `${actor.kind} ${actor.label}`;

/** The audit entry of a change to a mailbox: on its account, in its tenant, the mailbox named in the details. */
export function mailboxAudit(account: MailboxAccount, action: string, details: Record<string, Prisma.InputJsonValue | null>): AuditEntry {
  return {
    action,
    targetType: 'account',
    targetId: account.id,
    resellerId: account.customer.resellerId,
    customerId: account.customer.id,
    details: { mailbox: mailboxLabel(account), ...details },
  };
}
