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
