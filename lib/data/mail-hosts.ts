import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { MailHostInput } from '../validation/mail-host';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { assertCan, assertKind } from './guard';
import { mailHostScope } from './scope';
import { isUniqueViolation } from './unique';

export async function listMailHosts(actor: Actor) {
  return db().mailHost.findMany({
    where: mailHostScope(actor),
    orderBy: { name: 'asc' },
    select: {
      id: true, name: true, flavor: true, transport: true, enabled: true, mapDir: true, sshHost: true,
      changeSeq: true, syncedSeq: true, liveRevision: true, lastSyncAt: true, failingSince: true, lastError: true,
      _count: { select: { domains: true } },
    },
  });
}

/** The hosts a new domain of this reseller may be placed on (assigned and enabled). */
export async function listHostsForReseller(actor: Actor, resellerId: string) {
  return db().mailHost.findMany({
    where: { AND: [mailHostScope(actor), { enabled: true, resellers: { some: { resellerId } } }] },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, flavor: true },
  });
}

export async function createMailHost(actor: Actor, input: MailHostInput) {
  assertKind(actor, 'admin', 'support');
  assertCan(actor, 'create', { type: 'mailHost', assignedResellerIds: [] });
  const ssh = input.transport === 'SSH';
  try {
    return await db().$transaction(async (tx) => {
      const host = await tx.mailHost.create({
        data: {
          name: input.name, flavor: input.flavor, transport: input.transport, mapDir: input.mapDir,
          sshHost: ssh ? input.sshHost : null, sshPort: input.sshPort, sshUser: ssh ? input.sshUser : null,
          sshHostKey: ssh ? input.sshHostKey : null,
        },
        select: { id: true, name: true },
      });
      await recordAudit(tx, actor, {
        action: 'mailHost.create', targetType: 'mailHost', targetId: host.id,
        details: { name: host.name, flavor: input.flavor, transport: input.transport },
      });
      return host;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('A mail host with that name exists already.', { name: ['A mail host with that name exists already.'] });
    }
    throw error;
  }
}
