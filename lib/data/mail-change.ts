import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { recordAudit, type AuditEntry } from './audit';
import { markHostChanged } from './sync-trigger';
import type { ShownRouteChange } from '../mail/route-diff';
import { DomainError, NeedsConfirmation } from './errors';
import { changeSeqOf, hostAfterWrites, rememberSnapshot, snapshotAt } from './snapshot-cache';
import { clearJournal, sealJournal, startJournal } from './save-journal';
import { ownerTags } from './visibility';
import { ownersReview, reviewMailChange } from '../mail/change-review';
import { reviewedOnce } from './repeated-review';
import type { MailSnapshot } from '../mail/snapshot';

/**
 * How long one save may hold its transaction (and the host's lock). The review reads the whole host when
 * nothing is kept (and twice when the journal declines: lib/data/save-journal.ts), which on the biggest
 * hosts took long enough that a 30 s limit refused the bench's save (docs/publishing.md, figures: "save
 * review"). Past this the save fails and nothing is written.
 */
const REVIEW_TIMEOUT_MS = 180_000;

export interface MailChangeOptions {
  /** True when the user has confirmed exactly these warnings and route changes (lib/web/confirmation.ts). */
  confirm: (review: { warnings: string[]; changes: ShownRouteChange[] }) => boolean;
  /** Ask for confirmation even when no address changes route (deletions). */
  alwaysConfirm?: boolean;
  /**
   * The form field the review's refusals belong to (e.g. an alias's `targets`: a loop is a fact about
   * them), so the form shows them next to it; default: the form as a whole.
   */
  problemsAt?: string;
  /** The audit event this change undoes (lib/data/undo-change.ts): recorded in its own audit event. */
  undoOf?: string;
}

/** What a change's writes report: its result, its audit entry, the addresses to compare, and notes. */
export interface MailWrite<T> {
  result: T;
  audit: AuditEntry;
  probes: string[];
  /** What else the change does that the user must see before confirming (e.g. addresses deleted with an account). */
  notes?: string[];
}

/**
 * Every change to a host's mail objects runs through here, in one transaction:
 *  1. lock the host, so concurrent edits of one host are judged one after the other (two alias edits
 *     could otherwise each pass the loop check and make a loop together);
 *  2. read the host's snapshot (kept from the last save or publish when the host has not changed since:
 *     lib/data/snapshot-cache.ts), make the writes, and read again only what they touched
 *     (lib/data/save-journal.ts);
 *  3. refuse if the result breaks a rule (loops, targets that do not exist): nothing is saved;
 *  4. if the user has not confirmed yet and there are warnings or addresses that will route differently,
 *     roll back and show them (NeedsConfirmation);
 *  5. otherwise write the audit event and mark the host for sync, and commit.
 * `write` returns the result, the audit entry, and the addresses whose routes to compare.
 */
export async function changeMail<T>(
  actor: Actor,
  mailHostId: string,
  options: MailChangeOptions,
  write: (tx: Tx) => Promise<MailWrite<T>>,
): Promise<T> {
  return changeMailOnHosts(actor, [mailHostId], options, async (tx) => {
    const { audit, probes, ...rest } = await write(tx);
    return { ...rest, audits: [audit], probes: { [mailHostId]: probes } };
  });
}

/** What a batch's writes report: one audit entry per object changed, and the addresses to compare per host. */
export interface MailBatchWrite<T> {
  result: T;
  audits: AuditEntry[];
  probes: Record<string, string[]>;
  notes?: string[];
}

/**
 * changeMail for a change that spans several hosts (a bulk action on a list): every host is locked (in one
 * order, so two batches never wait on each other), read before and after, and reviewed; the batch has ONE
 * review and one confirmation, and commits or rolls back as a whole. Each object keeps its own audit event.
 */
export async function changeMailOnHosts<T>(
  actor: Actor,
  mailHostIds: string[],
  options: MailChangeOptions,
  write: (tx: Tx) => Promise<MailBatchWrite<T>>,
): Promise<T> {
  const hosts = [...new Set(mailHostIds)].sort();
  const saved = await db().$transaction(
    async (tx) => {
      await startJournal(tx);
      const seqs = new Map<string, bigint>();
      const befores = new Map<string, MailSnapshot>();
      for (const id of hosts) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mailhost:${id}`}))`;
        const seq = await changeSeqOf(id, tx);
        seqs.set(id, seq);
        befores.set(id, await snapshotAt(id, seq, tx));
      }
      const { result, audits, probes, notes = [] } = await write(tx);
      const owners = await ownerTags(actor, tx);
      const problems: string[] = [];
      const warnings: string[] = [...notes];
      const changes: ShownRouteChange[] = [];
      const afters = new Map<string, MailSnapshot>();
      for (const id of hosts) {
        const before = befores.get(id)!;
        const after = await hostAfterWrites(id, before, seqs.get(id)!, tx);
        const hostProbes = probes[id] ?? [];
        // The confirmation of a previewed save meets the same change again: its review is the preview's.
        const { review, after: reviewed } = reviewedOnce(before, after, hostProbes, owners, () =>
          reviewMailChange(before, after, hostProbes, owners ? ownersReview(before, after, owners) : {}),
        );
        afters.set(id, reviewed);
        // One by one, not push(...list): a change to a big domain moves tens of thousands of routes, more
        // than a call may take as arguments (a RangeError, a 500).
        for (const p of review.problems) problems.push(p);
        for (const w of review.warnings) warnings.push(w);
        for (const c of review.changes) changes.push(c);
      }
      if (problems.length > 0) {
        const at = options.problemsAt;
        throw new DomainError(at ? 'Please correct the highlighted fields.' : problems.join(' '), { [at ?? 'form']: problems });
      }
      const needed = options.alwaysConfirm || warnings.length > 0 || changes.length > 0;
      if (needed && !options.confirm({ warnings, changes })) throw new NeedsConfirmation(warnings, changes);
      const undo = options.undoOf ? { undoOf: options.undoOf } : {};
      for (const audit of audits) {
        await recordAudit(tx, actor, { ...audit, details: { ...(audit.details as object), routeChanges: changes.length, ...undo } });
      }
      const kept: { id: string; seq: bigint; after: MailSnapshot }[] = [];
      for (const id of hosts) {
        // Each customer whose objects changed on this host gets its own "live on the mail host" mark.
        const customers = [...new Set(audits.filter((a) => hostOf(a, hosts) === id).map((a) => a.customerId ?? null))];
        const bumps: bigint[] = [];
        for (const customerId of customers.length ? customers : [null]) bumps.push(await markHostChanged(tx, id, customerId));
        await sealJournal(tx, id, bumps);
        const next = bumps[bumps.length - 1] ?? 0n;
        // `after` is the host at the new changeSeq only if no other write bumped it since the batch read it.
        if (next === seqs.get(id)! + 1n) kept.push({ id, seq: next, after: afters.get(id)! });
      }
      await clearJournal(tx);
      return { result, kept };
    },
    { timeout: REVIEW_TIMEOUT_MS },
  );
  // Kept once committed: the confirmation of the next save, and an in-app publish, start from it.
  for (const k of saved.kept) rememberSnapshot(k.id, k.seq, k.after);
  return saved.result;
}

/** The host an audit entry's object is on: named in a batch's entries (`mailHostId`), else the only host. */
function hostOf(audit: AuditEntry, hosts: string[]): string | undefined {
  const named = (audit.details as { mailHostId?: unknown } | undefined)?.mailHostId;
  return typeof named === 'string' ? named : hosts.length === 1 ? hosts[0] : undefined;
}
