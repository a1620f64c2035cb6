import './server-only';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { can, type Resource } from '../auth/policy';
import { temporaryPassword } from '../auth/temporary-password';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { recordAudit } from './audit';
import { ForbiddenError, NotFoundError } from './errors';
import { endSessionsOf } from './user-sessions';

// Someone who forgot a password asks whoever set up the login: a reseller resets the logins of its own
// customers, an admin those of resellers and customers. The reset gives a generated password, shown once
// to the resetter to pass on, signs the person out everywhere, and makes the next sign-in choose a new
// password before anything else (User.mustChangePassword, lib/session/session.ts). Support only reads;
// customers reset nobody. Who may be reset is part of every where, so another tenant's login never matches.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The logins the actor may reset. */
function resettable(actor: Actor): Prisma.UserWhereInput {
  switch (actor.kind) {
    case 'admin':
      return { role: { in: ['RESELLER', 'CUSTOMER'] } };
    case 'reseller':
      return { role: 'CUSTOMER', customer: { resellerId: actor.resellerId } };
    default:
      return { id: { in: [] } };
  }
}

/** The logins of one customer or reseller that the actor may reset (none for support and customers). */
export async function listResettableLogins(actor: Actor, of: { customerId: string } | { resellerId: string }) {
  const owner: Prisma.UserWhereInput =
    'customerId' in of ? { role: 'CUSTOMER', customerId: of.customerId } : { role: 'RESELLER', resellerId: of.resellerId };
  if (!Object.values(of).every((id) => UUID.test(id))) return [];
  return db().user.findMany({
    where: { AND: [resettable(actor), owner] },
    orderBy: [{ email: 'asc' }, { id: 'asc' }],
    take: 20,
    select: { id: true, email: true, mustChangePassword: true, lastLoginAt: true },
  });
}

export interface ResetDone {
  email: string;
  /** Shown once, to the resetter; only its hash is kept. */
  temporaryPassword: string;
  endedSessions: number;
}

export async function resetLogin(actor: Actor, userId: string): Promise<ResetDone> {
  if (!UUID.test(userId)) throw new NotFoundError('That login');
  const where = { AND: [resettable(actor), { id: userId }] };
  const user = await db().user.findFirst({
    where,
    select: { id: true, email: true, role: true, resellerId: true, customerId: true, customer: { select: { resellerId: true } } },
  });
  if (!user) throw new NotFoundError('That login');
  const resellerId = user.customer?.resellerId ?? user.resellerId ?? '';
  const resource: Resource = user.customerId
    ? { type: 'customer', resellerId, customerId: user.customerId }
    : { type: 'reseller', resellerId };
  if (!can(actor, 'update', resource)) throw new ForbiddenError();
  const given = temporaryPassword();
  const passwordHash = await hashPassword(given);
  return db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where, data: { passwordHash, mustChangePassword: true } });
    if (count === 0) throw new NotFoundError('That login');
    const endedSessions = await endSessionsOf(tx, user.id);
    await recordAudit(tx, actor, {
      action: 'user.password_reset',
      targetType: 'user',
      targetId: user.id,
      resellerId,
      customerId: user.customerId,
      details: { summary: `${actor.label} reset the password of ${user.email}`, login: user.email, endedSessions },
    });
    return { email: user.email, temporaryPassword: given, endedSessions };
  });
}
