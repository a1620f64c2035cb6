import { checkTransition } from './change-checks';
import { diffRoutes, type ShownRouteChange } from './route-diff';
import type { MailSnapshot } from './snapshot';
import { ownersView, ownWords } from './own-words';
import { viewNames } from './tenancy';
import { newForwardsIntoHost } from './local-forwards';
import { describeOutcome } from './trace-summary';
import type { Trace } from './trace-types';

// The pure mail rules a change is judged by, in one place: what is wrong with the host's data after the
// change (refused), what the user must be warned of, and which addresses route differently. Data in, data
// out: lib/data/mail-change.ts reads the host before and after the writes and calls it.

export interface MailReview {
  problems: string[];
  warnings: string[];
  changes: ShownRouteChange[];
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
  /** What of a host the acting user sees (lib/mail/own-words.ts): the route changes are traced on it. */
  seen?: (snapshot: MailSnapshot) => MailSnapshot;
  /** Sentences in the acting user's words (host-level names → its own). Default: as they are. */
  words?: (text: string) => string;
  /** More warnings for this user, e.g. a forward that stays on the host (lib/mail/local-forwards.ts). */
  notices?: (before: MailSnapshot, after: MailSnapshot) => string[];
}

export function reviewMailChange(before: MailSnapshot, after: MailSnapshot, probes: string[], options: ReviewOptions = {}): MailReview {
  // Only problems the change introduces count: an old problem elsewhere on the host must not block an edit.
  // A customer's change is judged on its own part of the host: whether an address at another customer's
  // domain exists is not its to learn (a forward there is as to any address elsewhere).
  const seen = options.seen ?? ((s: MailSnapshot) => s);
  const report = checkTransition(seen(before), seen(after), { isVisibleAccount: options.isVisibleAccount });
  const words = options.words ?? ((text: string) => text);
  const told = (trace: Trace) => words(describeOutcome(trace).join(' '));
  const changes = diffRoutes(seen(before), seen(after), probes).map((c) => ({
    address: c.address,
    before: told(c.before),
    after: told(c.after),
  }));
  const own = options.isOwnSubject ?? (() => true);
  const problems = report.errors.filter((f) => own(f.subjects[0] ?? '')).map((f) => words(f.message));
  const notices = options.notices?.(before, after) ?? [];
  return { problems, warnings: [...report.warnings.map((f) => words(f.message)), ...notices], changes };
}

/**
 * The review as a customer or reseller gets it (docs/tenancy.md): only its own objects can be refused,
 * the route changes are traced on its own part of the host, and every sentence is in its own words.
 */
export function ownersReview(before: MailSnapshot, after: MailSnapshot, owners: ReadonlySet<string>): ReviewOptions {
  const ownerOf = (subject: string): string | undefined => {
    for (const s of [after, before]) {
      const { names, domainOwners } = viewNames(s);
      const owner = names.get(subject)?.owner ?? domainOwners.get(subject.slice(subject.lastIndexOf('@') + 1));
      if (owner) return owner;
    }
    return undefined;
  };
  const mine = (subject: string) => {
    const owner = ownerOf(subject);
    return owner !== undefined && owners.has(owner);
  };
  // In the words of the actor's own part of the host only: no other customer's tag is even looked for.
  const words = ownWords(ownersView(after, owners), ownersView(before, owners));
  return {
    isOwnSubject: mine,
    isVisibleAccount: mine,
    seen: (s) => ownersView(s, owners),
    words,
    notices: (b, a) =>
      newForwardsIntoHost(b, a, owners).map(
        (target) =>
          `${target} is at a domain this mail host holds for someone else: mail forwarded there never leaves the host and goes where that domain's owner sends it.`,
      ),
  };
}
