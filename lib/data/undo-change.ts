import './server-only';
import type { Actor } from '../auth/actor';
import { can } from '../auth/policy';
import { db } from '../db/client';
import { formatAliasTarget, formatVirtmapTarget } from '../mail/targets';
import { decideUndo, type Fields, type UndoDecision, type UndoStep, type UndoWorld } from '../mail/undo';
import { AliasTargetsInput, VirtmapInput } from '../validation/mail-objects';
import { deleteAccount, updateAccount } from './accounts';
import { createAlias, deleteAlias, updateAliasTargets } from './aliases';
import { setDomainEnabled, setDomainStrict } from './domains';
import { auditLinks } from './audit-links';
import { DomainError, NotFoundError } from './errors';
import type { MailChangeOptions } from './mail-change';
import { accountScope, aliasScope, auditScope, customerScope, domainScope, virtmapScope } from './scope';
import { aliasTarget } from './alias-target-columns';
import { VIRTMAP_TARGET_SELECT, virtmapTarget } from './virtmap-columns';
import { createVirtmap, deleteVirtmap, updateVirtmap } from './virtmaps';

// "Undo this change": one event of an object's history, what undoing it changes, and the undo itself, run
// through the same data functions as the edit forms (so the same authorization, review, confirmation and
// an audit event of its own, marked `undoOf`). Whether it is safe is decided by lib/mail/undo.ts.

export interface UndoableEvent {
  id: bigint;
  action: string;
  targetType: string;
  targetId: string | null;
  resellerId: string | null;
  customerId: string | null;
  details: unknown;
}

const EVENT = { id: true, at: true, actorLabel: true, onBehalfOf: true, action: true, targetType: true } as const;

/** One event of the actor's tenant, what undoing it would change, and whether this actor may do it. */
export async function getUndo(actor: Actor, eventId: string) {
  if (!/^\d{1,18}$/.test(eventId)) throw new NotFoundError('That change');
  const event = await db().auditEvent.findFirst({
    where: { AND: [auditScope(actor), { id: BigInt(eventId) }] },
    select: { ...EVENT, targetId: true, resellerId: true, customerId: true, details: true },
  });
  if (!event) throw new NotFoundError('That change');
  const [decision, links] = await Promise.all([undoDecision(actor, event), auditLinks(actor, [event])]);
  const shownOn = (event.targetId && links.get(`${event.targetType}:${event.targetId}`)) || null;
  return { event, decision, mayUndo: decision.ok && mayChange(actor, event), shownOn };
}

/** Whether the actor may make the undo's change at all (support outside act-as may not). */
export function mayChange(actor: Actor, event: UndoableEvent): boolean {
  const type = event.targetType as 'alias' | 'virtmap' | 'account' | 'domain';
  return can(actor, 'update', { type, resellerId: event.resellerId ?? '', customerId: event.customerId ?? '' });
}

/**
 * The decision for one event, reading the object as it is now within the actor's tenant. `now` keeps each
 * object's fields for the other events of one history (read once, not once per event).
 */
export async function undoDecision(
  actor: Actor,
  event: UndoableEvent,
  now = new Map<string, Promise<Fields | null>>(),
): Promise<UndoDecision> {
  return decideUndo(event, await worldOf(actor, event, now));
}

async function worldOf(actor: Actor, event: UndoableEvent, now: Map<string, Promise<Fields | null>>): Promise<UndoWorld> {
  const key = `${event.targetType}:${event.targetId}`;
  const { targetId } = event;
  if (!now.has(key))
    now.set(key, targetId && UUID.test(targetId) ? currentFields(actor, event.targetType, targetId) : Promise.resolve(null));
  const current = (await now.get(key)) ?? null;
  if (current || !event.action.endsWith('.delete')) return { current, nameFree: false };
  const d = details(event);
  if (event.targetType === 'alias') {
    const where = { customerId: event.customerId ?? '', mailHostId: text(d.mailHostId), name: text(d.name) };
    const owner = await db().customer.count({ where: { AND: [customerScope(actor), { id: where.customerId }] } });
    const taken = await db().alias.count({ where: { AND: [aliasScope(actor), where] } });
    return { current, nameFree: taken === 0, placeGone: owner === 0 };
  }
  if (event.targetType === 'virtmap') {
    const domain = await db().domain.findFirst({ where: { AND: [domainScope(actor), { id: text(d.domainId) }] }, select: { id: true } });
    const taken = await db().virtmap.count({
      where: { AND: [virtmapScope(actor), { domainId: text(d.domainId), localPart: text(d.localPart) }] },
    });
    return { current, nameFree: taken === 0, placeGone: !domain };
  }
  return { current, nameFree: false };
}

/** The editable fields an event records (lib/mail/undo.ts), as the object holds them now; null when gone. */
async function currentFields(actor: Actor, targetType: string, id: string): Promise<Fields | null> {
  switch (targetType) {
    case 'alias': {
      const alias = await db().alias.findFirst({
        where: { AND: [aliasScope(actor), { id }] },
        select: { targets: { orderBy: { position: 'asc' }, select: { kind: true, value: true } } },
      });
      return alias && { targets: alias.targets.map((t) => formatAliasTarget(aliasTarget(t))) };
    }
    case 'virtmap': {
      const row = await db().virtmap.findFirst({
        where: { AND: [virtmapScope(actor), { id }] },
        select: VIRTMAP_TARGET_SELECT,
      });
      return row && { target: formatVirtmapTarget(virtmapTarget(row)) };
    }
    case 'account':
      return db().account.findFirst({ where: { AND: [accountScope(actor), { id }] }, select: { quotaMb: true, enabled: true } });
    case 'domain':
      return db().domain.findFirst({ where: { AND: [domainScope(actor), { id }] }, select: { enabled: true, strict: true } });
    default:
      return null;
  }
}

/**
 * Undoes one change: decided again now (nothing may have changed since the page was shown), then made by
 * the edit forms' own data function, reviewed and confirmed like any change. Returns the page to show next.
 */
export async function undoChange(actor: Actor, eventId: string, options: MailChangeOptions): Promise<string> {
  const { event, decision } = await getUndo(actor, eventId);
  if (!decision.ok) throw new DomainError(decision.reason);
  const undo: Undo = { actor, event, step: decision.step, id: event.targetId ?? '', review: { ...options, undoOf: event.id.toString() } };
  switch (event.targetType) {
    case 'alias':
      return undoAlias(undo);
    case 'virtmap':
      return undoVirtmap(undo);
    case 'account':
      return undoAccount(undo);
    case 'domain':
      return undoDomain(undo);
  }
  throw new DomainError('Changes of this kind cannot be undone here.');
}

interface Undo {
  actor: Actor;
  event: UndoableEvent;
  step: UndoStep;
  /** The object's id (a deleted one's, for a re-creation). */
  id: string;
  review: MailChangeOptions;
}

async function undoAlias({ actor, event, step, id, review }: Undo): Promise<string> {
  if (step.kind === 'delete') return deleteAlias(actor, id, review).then(() => '/aliases');
  const targets = recorded(() => AliasTargetsInput.parse({ targets: (step.fields.targets as string[]).join('\n') }).targets);
  if (step.kind === 'set') return updateAliasTargets(actor, id, targets, review).then(() => `/aliases/${id}`);
  const d = details(event);
  const input = { customerId: event.customerId ?? undefined, mailHostId: text(d.mailHostId), name: text(d.name), targets };
  return createAlias(actor, input, review).then((alias) => `/aliases/${alias.id}`);
}

async function undoVirtmap({ actor, event, step, id, review }: Undo): Promise<string> {
  if (step.kind === 'delete') return deleteVirtmap(actor, id, review).then((v) => `/domains/${v.domainId}`);
  const d = details(event);
  const row =
    step.kind === 'set'
      ? await db().virtmap.findFirst({ where: { AND: [virtmapScope(actor), { id }] }, select: { domainId: true, localPart: true } })
      : null;
  const place = row ?? { domainId: text(d.domainId), localPart: text(d.localPart) };
  const target = String(step.fields.target);
  const input = recorded(() => VirtmapInput.parse({ ...place, action: 'deliver', target }));
  if (step.kind === 'set') return updateVirtmap(actor, id, input, review).then((v) => `/domains/${v.domainId}`);
  return createVirtmap(actor, input, review).then(() => `/domains/${place.domainId}`);
}

async function undoAccount({ actor, step, id, review }: Undo): Promise<string> {
  if (step.kind === 'delete') return deleteAccount(actor, id, review).then(() => '/accounts');
  const fields = { ...(await currentFields(actor, 'account', id)), ...step.fields } as { quotaMb: number; enabled: boolean };
  return updateAccount(actor, id, { quotaMb: fields.quotaMb, enabled: fields.enabled }, review).then(() => `/accounts/${id}`);
}

async function undoDomain({ actor, step, id, review }: Undo): Promise<string> {
  if (step.kind !== 'set') throw new DomainError('Changes of this kind cannot be undone here.');
  const { enabled, strict } = step.fields;
  if (typeof enabled === 'boolean') await setDomainEnabled(actor, id, enabled, review);
  if (typeof strict === 'boolean') await setDomainStrict(actor, id, strict, review);
  return `/domains/${id}`;
}

/** A recorded value that no longer passes today's rules: the undo is refused in words. */
function recorded<T>(parse: () => T): T {
  try {
    return parse();
  } catch {
    throw new DomainError('What this change replaced is no longer valid, so it cannot be put back.');
  }
}

const details = (event: UndoableEvent) =>
  (event.details !== null && typeof event.details === 'object' ? event.details : {}) as Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
