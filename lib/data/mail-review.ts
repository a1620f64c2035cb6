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
  /**
   * Whether a finding's subject (an account or alias name, or a virtmap key `local@domain`) is the acting
   * user's own. A change is refused only for what it breaks of the user's own objects: another customer's
   * alias or virtmap that points at your names must not stop you from changing or deleting them (it then
   * bounces, as mail to any address that stopped existing). Default: everything is the user's.
   */
  isOwnSubject?: (subject: string) => boolean;
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
  const own = options.isOwnSubject ?? (() => true);
  const problems = report.errors.filter((f) => own(f.subjects[0] ?? '')).map((f) => f.message);
  return { problems, warnings: report.warnings.map((f) => f.message), changes };
}
