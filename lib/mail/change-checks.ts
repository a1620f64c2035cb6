import { warning, type ErrorFinding, type WarningFinding } from './findings';
import { traceWith } from './resolve';
import { changeScope, type ChangeScope } from './change-scope';
import { checkSnapshot } from './snapshot-checks';
import { virtmapsByDomain } from './virtmap-lookup';
import type { MailSnapshot } from './snapshot';
import { hostView, viewNames } from './tenancy';
import { cachedIndex } from './trace-context';

// The write-time checks (DOMAIN.md rows 1, 2, 7-9 and "What the panel must make visible"): a change is
// refused when it would leave an error in the snapshot that was not there before, and needs the user's
// confirmation for each warning.

export interface ChangeReport {
  /** The snapshot the change would leave. */
  after: MailSnapshot;
  /** Refuse the change when not empty. */
  errors: ErrorFinding[];
  /** Save only after the user confirms each (by code). */
  warnings: WarningFinding[];
}

export interface CheckOptions {
  /**
   * Which account names (host-level) the acting user may see: a warning lists only those (and says how
   * many others there are). Default: all.
   */
  isVisibleAccount?: (name: string) => boolean;
  /** Follow every route of the host, not only those the change can reach (the scoped checks' reference). */
  wholeHost?: boolean;
}

/** The checks of a change, on the snapshots read before and after it. */
export function checkTransition(givenBefore: MailSnapshot, givenAfter: MailSnapshot, options: CheckOptions = {}): ChangeReport {
  // Judged on what the MTA is given: the host views (lib/mail/tenancy.ts); `after` is returned as given.
  const before = hostView(givenBefore);
  const after = hostView(givenAfter);
  // Routes are followed again only where the change can have made them differ (change-scope.ts).
  const scope = options.wholeHost ? undefined : (changeScope(before, after) ?? undefined);
  const existing = new Set(checkSnapshot(before, scope).map((f) => f.message));
  const errors = checkSnapshot(after, scope).filter((f) => !existing.has(f.message));
  const warnings = [...shadowWarnings(before, after, scope), ...catchAllWarnings(before, after, scope, options)];
  return { after: givenAfter, errors, warnings };
}

/** DOMAIN.md row 1: an alias and an account with one name, where the alias keeps no copy for the account. */
function shadowWarnings(before: MailSnapshot, after: MailSnapshot, scope: ChangeScope | undefined): WarningFinding[] {
  // Only a name the change touched can become shadowed; those are in the scope (where there is one, every
  // name is lower case, so the index answers for the accounts).
  const shadowed = (s: MailSnapshot) => {
    const accounts = scope ? cachedIndex(s, s.host.flavor).accounts : new Set(s.accounts.map((a) => a.name));
    return (scope ? s.aliases.filter((a) => scope.names.has(a.name)) : s.aliases)
      .filter((a) => accounts.has(a.name))
      .filter((a) => !a.targets.some((t) => (t.kind === 'account' || t.kind === 'local') && t.name === a.name))
      .map((a) => a.name);
  };
  const was = new Set(shadowed(before));
  return shadowed(after)
    .filter((name) => !was.has(name))
    .map((name) =>
      warning(
        'shadowsAccount',
        `Mail to ${name} will go to the alias ${name}, not to the account ${name}: an alias wins over an account of the same name. Add "\\${name}" to the alias's targets to keep a copy in the account.`,
        [name],
      ),
    );
}

/** DOMAIN.md row 2: accounts that received mail at name@domain before and will not after. */
function catchAllWarnings(
  before: MailSnapshot,
  after: MailSnapshot,
  scope: ChangeScope | undefined,
  options: CheckOptions,
): WarningFinding[] {
  const out: WarningFinding[] = [];
  const visible = options.isVisibleAccount ?? (() => true);
  // Only a domain whose virtmaps changed can take more; those are in the scope.
  const only = scope?.domains;
  const was = virtmapsByDomain(before.virtmaps, only);
  const will = virtmapsByDomain(after.virtmaps, only);
  const own = new Set([...will.values()].flat().map((v) => `${v.localPart}@${v.domain}`));
  for (const domain of only ? after.domains.filter((d) => only.has(d)) : after.domains) {
    if (!own.has(`@${domain}`) || signature(was.get(domain)) === signature(will.get(domain))) continue;
    // On a host with owners a name is asked in its customer's words (`joe@d` for the account `tag-joe`).
    const prefix = ownerPrefix(before, domain);
    const lost = candidates(after, was.get(domain) ?? [], will.get(domain) ?? [], scope, prefix)
      .filter((name) => name.startsWith(prefix))
      .filter((name) => !own.has(`${name.slice(prefix.length)}@${domain}`))
      .filter(
        (name) =>
          reachesAccount(before, `${name.slice(prefix.length)}@${domain}`, name) &&
          !reachesAccount(after, `${name.slice(prefix.length)}@${domain}`, name),
      );
    if (lost.length === 0) continue;
    const shown = lost.filter(visible);
    const hidden = lost.length - shown.length;
    const list = [...shown, ...(hidden > 0 ? [`${hidden} account${hidden === 1 ? '' : 's'} of other customers`] : [])].join(', ');
    out.push(
      warning(
        'catchAllTakesAccounts',
        `The catch-all @${domain} will take mail for ${list}: ${lost.length === 1 ? 'it has' : 'they have'} no address of ${lost.length === 1 ? 'its' : 'their'} own on ${domain}. Add an address (name@${domain} → name) to keep receiving mail there.`,
        shown,
      ),
    );
  }
  return out;
}

/**
 * The accounts that may have lost mail at name@domain. With the same catch-all, one that stays on this
 * host's names, and no name changed, an address without a key routes as before unless its way on does:
 * a fixed target the change reached (then every account may have lost), or, for `%1`, the account's own
 * name reached (an alias of that name). Else only names whose key went away can have lost (every account
 * traced twice per save was seconds on a big host).
 */
function candidates(
  after: MailSnapshot,
  was: MailSnapshot['virtmaps'],
  will: MailSnapshot['virtmaps'],
  scope?: ChangeScope,
  prefix = '',
): string[] {
  const catchAll = (list: MailSnapshot['virtmaps']) => signature(list.filter((v) => v.localPart === ''));
  const names = after.accounts.map((a) => a.name);
  if (!scope) return names;
  const target = will.find((v) => v.localPart === '')?.target;
  const leaves =
    target?.kind === 'external' || target?.kind === 'domainRedirect' || (target?.kind === 'local' && scope.names.has(target.name));
  if (scope.namesTouched || leaves || catchAll(was) !== catchAll(will)) return names;
  const keys = new Set(will.map((v) => v.localPart));
  const gone = new Set(was.map((v) => v.localPart).filter((local) => !keys.has(local)));
  return names.filter((name) => gone.has(name.slice(prefix.length)) || (target?.kind === 'localPart' && scope.names.has(name)));
}

/** A domain's virtmaps as one comparable string (only a change to them can make a catch-all take more). */
function signature(virtmaps: MailSnapshot['virtmaps'] = []): string {
  return JSON.stringify(virtmaps.map((v) => [v.localPart, v.target]).sort());
}

/** The prefix of the names of `domain`'s owner in a host view ("" on a classic host). */
function ownerPrefix(view: MailSnapshot, domain: string): string {
  const owner = viewNames(view).domainOwners.get(domain);
  return owner ? `${owner}-` : '';
}

function reachesAccount(s: MailSnapshot, address: string, name: string): boolean {
  const trace = traceWith(s, address, s.host.flavor);
  return trace.rcpt.accepted && trace.deliveries.some((d) => d.kind === 'account' && d.name === name);
}
