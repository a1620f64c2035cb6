import './server-only';
import { roleOf, type ActingAs, type Actor } from '../auth/actor';
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

/**
 * Written inside the mutation's own transaction: no change without its audit event, and vice versa. Under
 * act-as the event is the support user's, "support X as Y (reason)", and the tenant reads it in its own log.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  const acting = 'actingAs' in actor ? actor.actingAs : undefined;
  await tx.auditEvent.create({
    data: {
      actorUserId: 'userId' in actor ? actor.userId : null,
      actorLabel: acting ? actingLabel(acting) : actor.label,
      actorRole: acting ? 'SUPPORT' : roleOf[actor.kind],
      // The support user behind the event (its label says "support X as Y (reason)" in full).
      onBehalfOf: acting ? acting.supportLabel : null,
      supportSessionId: acting ? acting.supportSessionId : null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      resellerId: entry.resellerId ?? null,
      customerId: entry.customerId ?? null,
      details: entry.details ?? {},
    },
  });
}

/** How an act-as event names who acted: "support X as Y (reason)". */
export const actingLabel = (a: ActingAs) => `support ${a.supportLabel} as ${a.targetLabel} (${a.reason})`;
