import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { recordAudit, type AuditEntry } from './audit';
import { markHostChanged } from './sync-trigger';
import type { ShownRouteChange } from '../mail/route-diff';
import { DomainError, NeedsConfirmation } from './errors';
import { changeSeqOf, rememberSnapshot, snapshotAt } from './snapshot-cache';
import { readHostSnapshot } from './snapshots';
import { ownerTags } from './visibility';
import { ownersReview, reviewMailChange } from '../mail/change-review';

/**
 * How long one save may hold its transaction (and the host's lock). The review reads the whole host (twice
 * when nothing is kept), which on the biggest hosts takes long enough that a 30 s limit refused the bench's
 * save (docs/publishing.md, figures: "save review"). Past this the save fails and nothing is written.
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
 *     lib/data/snapshot-cache.ts), make the writes, read it again;
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
  const saved = await db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mailhost:${mailHostId}`}))`;
      const seq = await changeSeqOf(mailHostId, tx);
      const before = await snapshotAt(mailHostId, seq, tx);
      const { result, audit, probes, notes = [] } = await write(tx);
      const after = await readHostSnapshot(mailHostId, tx);
      const owners = await ownerTags(actor, tx);
      const review = reviewMailChange(before, after, probes, owners ? ownersReview(before, after, owners) : {});
      if (review.problems.length > 0) {
        const at = options.problemsAt;
        throw new DomainError(at ? 'Please correct the highlighted fields.' : review.problems.join(' '), {
          [at ?? 'form']: review.problems,
        });
      }
      const warnings = [...notes, ...review.warnings];
      const needed = options.alwaysConfirm || warnings.length > 0 || review.changes.length > 0;
      if (needed && !options.confirm({ warnings, changes: review.changes })) {
        throw new NeedsConfirmation(warnings, review.changes);
      }
      const undo = options.undoOf ? { undoOf: options.undoOf } : {};
      await recordAudit(tx, actor, { ...audit, details: { ...(audit.details as object), routeChanges: review.changes.length, ...undo } });
      // `after` is the host at the new changeSeq only if no other write bumped it since `seq` was read.
      const next = await markHostChanged(tx, mailHostId, audit.customerId);
      return { result, kept: next === seq + 1n ? { seq: next, after } : null };
    },
    { timeout: REVIEW_TIMEOUT_MS },
  );
  // Kept once committed: the confirmation of the next save, and an in-app publish, start from it.
  if (saved.kept) rememberSnapshot(mailHostId, saved.kept.seq, saved.kept.after);
  return saved.result;
}
