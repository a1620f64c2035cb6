import { patchedFrom } from '../mail/patch-lineage';
import type { MailReview } from '../mail/change-review';
import type { MailSnapshot } from '../mail/snapshot';

// A save is reviewed twice: its preview (rolled back, asks for confirmation), then its confirmation, which
// makes the same writes again on the same host (docs/decisions/0005). Where the confirmation's host
// before the writes is the very snapshot the preview started from (kept: nothing changed the host in
// between, or its changeSeq would have moved) and the writes put the same objects in place (the same
// delta: lib/mail/snapshot-patch.ts), the host after is the same too, and so is the review: it is taken
// from the preview instead of being made again (at a million addresses that was about a second of every
// confirmation). Anything else (another delta, other probes, another actor's view, a host read whole)
// is reviewed afresh. The preview's host after is handed back too, to be kept in place of the equal one
// the confirmation patched: what the review derived from it (its host view, its index) then serves the
// next save, whose host before it is.

const lastReview = new WeakMap<MailSnapshot, { key: string; review: MailReview; after: MailSnapshot }>();

/** How often a review was taken from the preview (what the tests read). */
export const reviewsReused = { count: 0 };

/**
 * `review()` of the change from `before` to `after`, or the review made for the same change before, with
 * the host after it was made on (equal to `after`).
 */
export function reviewedOnce(
  before: MailSnapshot,
  after: MailSnapshot,
  probes: readonly string[],
  owners: ReadonlySet<string> | null,
  review: () => MailReview,
): { review: MailReview; after: MailSnapshot } {
  const lineage = patchedFrom(after);
  if (!lineage || lineage.from() !== before) return { review: review(), after };
  const key = JSON.stringify([lineage.delta, probes, owners ? [...owners].sort() : null]);
  const known = lastReview.get(before);
  if (known?.key === key) {
    reviewsReused.count += 1;
    return known;
  }
  const made = { key, review: review(), after };
  lastReview.set(before, made);
  return made;
}
