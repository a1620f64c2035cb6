import { checkSnapshot } from '../mail/snapshot-checks';
import { diffRoutes } from '../mail/route-diff';
import type { MailSnapshot } from '../mail/snapshot';
import { describeOutcome } from '../mail/trace-summary';
import type { Trace } from '../mail/trace-types';
import type { RouteChange } from './errors';

// The pure mail rules a change is judged by, in one place: what is wrong with the host's data after the
// change (refused), what the user must be warned of, and which addresses route differently.

export interface MailReview {
  problems: string[];
  warnings: string[];
  changes: RouteChange[];
}

export interface ReviewOptions {
  /** Makes a trace fit to show the acting user (lib/data/visibility.ts); default: shown as is. */
  redact?: (trace: Trace, snapshot: MailSnapshot) => Trace;
}

export function reviewMailChange(before: MailSnapshot, after: MailSnapshot, probes: string[], options: ReviewOptions = {}): MailReview {
  // Only problems the change introduces: an old problem elsewhere on the host must not block an edit.
  const existing = new Set(checkSnapshot(before).map((f) => f.message));
  const problems = checkSnapshot(after).map((f) => f.message).filter((m) => !existing.has(m));
  const redact = options.redact ?? ((trace: Trace) => trace);
  const changes = diffRoutes(before, after, probes).map((c) => ({
    address: c.address,
    before: describeOutcome(redact(c.before, before)).join(' '),
    after: describeOutcome(redact(c.after, after)).join(' '),
  }));
  return { problems, warnings: [], changes };
}
