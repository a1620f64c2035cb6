import { checkTransition } from '../mail/change-checks';
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
  /** Which account names the acting user may see (warnings list only those). Default: all. */
  isVisibleAccount?: (name: string) => boolean;
  /** Makes a trace fit to show the acting user (lib/data/visibility.ts); default: shown as is. */
  redact?: (trace: Trace, snapshot: MailSnapshot) => Trace;
}

export function reviewMailChange(before: MailSnapshot, after: MailSnapshot, probes: string[], options: ReviewOptions = {}): MailReview {
  // Only problems the change introduces count: an old problem elsewhere on the host must not block an edit.
  const report = checkTransition(before, after, { isVisibleAccount: options.isVisibleAccount });
  const redact = options.redact ?? ((trace: Trace) => trace);
  const changes = diffRoutes(before, after, probes).map((c) => ({
    address: c.address,
    before: describeOutcome(redact(c.before, before)).join(' '),
    after: describeOutcome(redact(c.after, after)).join(' '),
  }));
  return { problems: report.errors.map((f) => f.message), warnings: report.warnings.map((f) => f.message), changes };
}
