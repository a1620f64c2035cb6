import './server-only';
import { roleOf, type Actor } from '../auth/actor';
import type { Prisma } from '../generated/prisma/client';
import type { Tx } from '../db/client';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  resellerId?: string | null;
  customerId?: string | null;
  details?: Prisma.InputJsonValue;
}

/** Written inside the mutation's own transaction: no change without its audit event, and vice versa. */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorUserId: 'userId' in actor ? actor.userId : null,
      actorLabel: actor.label,
      actorRole: roleOf[actor.kind],
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      resellerId: entry.resellerId ?? null,
      customerId: entry.customerId ?? null,
      details: entry.details ?? {},
    },
  });
}

/** The sync trigger (issue 4 publishes it): every change to a host's data bumps its changeSeq. */
export async function markHostChanged(tx: Tx, mailHostId: string, customerId?: string | null): Promise<bigint> {
  const seq = (await tx.mailHost.update({ where: { id: mailHostId }, data: { changeSeq: { increment: 1 } }, select: { changeSeq: true } }))
    .changeSeq;
  // The customer's own "live on the mail host" compares with its own last change, never another's.
  if (customerId) {
    await tx.customerHostChange.upsert({
      where: { customerId_mailHostId: { customerId, mailHostId } },
      create: { customerId, mailHostId, changeSeq: seq },
      update: { changeSeq: seq },
    });
  }
  return seq;
}
