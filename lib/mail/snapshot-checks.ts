import { checkALabelName } from './domain-name';
import { error, type ErrorFinding } from './findings';
import { isReservedName, isSafeName, isWildcardKey, MAX_HOST_NAME_LENGTH, normalizeVirtmapLocalPart } from './names';
import { freshName } from './probes';
import { traceLocalName, traceWith } from './resolve';
import type { ChangeScope } from './change-scope';
import type { Flavor, MailSnapshot, SnapshotAlias, SnapshotVirtmap, VirtmapTarget } from './snapshot';
import { hostView } from './tenancy';
import { checkAliasTarget, checkVirtmapTarget, formatAliasTarget, formatVirtmapTarget, passesDetail } from './targets';
import type { Trace } from './trace-types';
import { listPatchOf, lookupVirtmap, sortedVirtmapsOfDomains, virtmapsByDomain, virtmapsOfDomains } from './virtmap-lookup';
import type { KeySet, MailIndex } from './mail-index';
import { cachedIndex } from './trace-context';

// Whether a whole snapshot is something the panel may render: every value in the safe alphabet, no
// duplicates, every local target existing, no loops, no alias that ends in a bounce. The write-time
// checks run this on the snapshot after a change; the random snapshot generator keeps only snapshots
// that pass it.

/**
 * Every error in `snapshot`, each once; with a `scope` (lib/mail/change-scope.ts), routes are followed
 * only from its domains and aliases: what a change can have made differ.
 */
export function checkSnapshot(given: MailSnapshot, scope?: ChangeScope, options: CheckOptions = {}): ErrorFinding[] {
  const steps = checkSnapshotInSlices(given, scope, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * checkSnapshot, pausing (a bare `yield`) every few hundred routes, so a caller can interleave other work:
 * an import checks a million addresses while the database writes them (lib/data/import-sendmail.ts).
 */
export function* checkSnapshotInSlices(
  given: MailSnapshot,
  scope?: ChangeScope,
  options: CheckOptions = {},
): Generator<void, ErrorFinding[], void> {
  // The checks judge what the MTA will be given: the host view of a version 2 snapshot (lib/mail/tenancy.ts).
  const snapshot = hostView(given);
  yield;
  // An object's own values and references read the same before and after unless the change reached it.
  const view = scope ? scopedView(snapshot, scope) : snapshot;
  const references = referenceErrors(view, snapshot);
  yield;
  // A missing target also shows up as a dead end on every route through it: report it once, as missing.
  const missing = new Set(references.flatMap((f) => f.subjects.slice(1)));
  const routes = (yield* routeErrors(snapshot, scope, options.traceEveryAddress ?? false)).filter(
    (f) => f.code !== 'deadEnd' || !missing.has(f.subjects[1] ?? ''),
  );
  const values = valueErrors(view, snapshot);
  const found = [...values, ...references, ...routes];
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(f.message) && Boolean(seen.add(f.message)));
}

export interface CheckOptions {
  /**
   * Trace every address class, also those that settledAtOnce skips: the slow way, which gives the same
   * findings (lib/mail/snapshot-checks.test.ts compares the two on random snapshots).
   */
  traceEveryAddress?: boolean;
}

function scopedView(s: MailSnapshot, scope: ChangeScope): MailSnapshot {
  return {
    ...s,
    domains: s.domains.filter((d) => scope.domains.has(d)),
    virtmaps: virtmapsOfDomains(s.virtmaps, scope.domains),
    accounts: s.accounts.filter((a) => scope.names.has(a.name)),
    aliases: s.aliases.filter((a) => scope.names.has(a.name)),
  };
}

/** The values of `s` (the whole host, or the part a change reached), judged against the whole host `all`. */
function valueErrors(s: MailSnapshot, all: MailSnapshot): ErrorFinding[] {
  const out: ErrorFinding[] = [];
  for (const d of s.domains) {
    if (!checkALabelName(d).ok) out.push(error('invalidValue', `"${d}" is not a valid domain name.`, [d]));
  }
  duplicates(s.domains).forEach((d) => out.push(error('duplicateName', `The domain ${d} is listed twice.`, [d])));
  for (const a of s.accounts) {
    if (!isSafeName(a.name) || isReservedName(a.name))
      out.push(error('invalidValue', `"${a.name}" is not a valid account name.`, [a.name]));
  }
  for (const a of s.aliases) {
    if (!isSafeName(a.name) || isReservedName(a.name)) out.push(error('invalidValue', `"${a.name}" is not a valid alias name.`, [a.name]));
    out.push(...aliasTargetErrors(a));
  }
  duplicates(s.accounts.map((a) => a.name)).forEach((n) => out.push(error('duplicateName', `There are two accounts named ${n}.`, [n])));
  duplicates(s.aliases.map((a) => a.name)).forEach((n) => out.push(error('duplicateName', `There are two aliases named ${n}.`, [n])));
  const domains = domainSet(all.domains);
  // The panel's own implicit virtmaps (postmaster@ to the host's postmaster…) are not a user's values.
  for (const v of s.virtmaps) if (!v.implicit) out.push(...virtmapValueErrors(v, domains, all.host.flavor));
  if (all.host.flavor === 'postfix') out.push(...postfixDetailErrors(s, all));
  duplicates(s.virtmaps.map((v) => `${v.localPart}@${v.domain}`)).forEach((k) =>
    out.push(error('duplicateKey', `There are two virtmaps for ${k}.`, [k])),
  );
  return out;
}

/**
 * Postfix: a catch-all that passes the +detail on to a fixed address on this host (`@d → x%3@e`) meets
 * `x+foo@e`, a key of its own, for every `anyone+foo@d`. sendmail refuses or routes those as that key
 * says at RCPT; Postfix decides RCPT per address listed in its maps and cannot list "any name with +foo",
 * so it would answer as for `x@e`. Refused on a Postfix host, whichever of the two the change touched.
 */
function postfixDetailErrors(s: MailSnapshot, all: MailSnapshot): ErrorFinding[] {
  const out: ErrorFinding[] = [];
  const passing = detailPassingCatchAlls(all.virtmaps);
  if (passing.length === 0) return out;
  const local = domainSet(all.domains);
  const detailKeys = new Set(s.virtmaps.filter((v) => v.localPart.includes('+')).map((v) => `${v.localPart}@${v.domain}`));
  const inScope = new Set(s.virtmaps.filter((v) => v.localPart === '').map((v) => v.domain));
  for (const v of passing) {
    if (v.target.kind !== 'external') continue;
    const at = v.target.address.lastIndexOf('@');
    const [user, domain] = [v.target.address.slice(0, at).toLowerCase(), v.target.address.slice(at + 1)];
    if (!local.has(domain)) continue;
    const met = all.virtmaps.filter((k) => k.domain === domain && k.localPart.startsWith(`${user}+`));
    const touched = inScope.has(v.domain) || met.some((k) => detailKeys.has(`${k.localPart}@${k.domain}`));
    if (met.length === 0 || !touched) continue;
    const key = `@${v.domain}`;
    out.push(
      error(
        'invalidValue',
        `${key} passes the +detail on to ${user}@${domain}, where ${met[0]!.localPart}@${domain} has a route of its own: Postfix cannot answer every such address at RCPT as sendmail does. Leave "%3" out, or send ${key} to that key's target.`,
        [key, `${met[0]!.localPart}@${domain}`],
      ),
    );
  }
  return out;
}

function aliasTargetErrors(a: SnapshotAlias): ErrorFinding[] {
  const out: ErrorFinding[] = [];
  if (a.targets.length === 0) out.push(error('noTargets', `The alias ${a.name} has no targets.`, [a.name]));
  for (const t of a.targets) {
    const checked = checkAliasTarget(t, MAX_HOST_NAME_LENGTH);
    if (!checked.ok || formatAliasTarget(checked.value) !== formatAliasTarget(t)) {
      out.push(error('invalidValue', `The alias ${a.name} has an invalid target "${formatAliasTarget(t)}".`, [a.name]));
    }
  }
  duplicates(a.targets.map((t) => formatAliasTarget(t).toLowerCase())).forEach((t) =>
    out.push(error('duplicateTarget', `The alias ${a.name} names ${t} twice.`, [a.name])),
  );
  return out;
}

function virtmapValueErrors(v: SnapshotVirtmap, domains: ReadonlySet<string>, flavor: Flavor): ErrorFinding[] {
  const out: ErrorFinding[] = [];
  const key = `${v.localPart}@${v.domain}`;
  if (flavor === 'postfix' && isWildcardKey(v.localPart)) {
    out.push(
      error(
        'invalidValue',
        `${key}: this mail host runs Postfix, which has no wildcard keys (name+*, name++, +*, ++); only sendmail hosts can use them.`,
        [key],
      ),
    );
  }
  if (!domains.has(v.domain)) {
    out.push(error('unknownDomain', `${key}: ${v.domain} is not a domain of this host, so its virtmaps would not apply.`, [key]));
  }
  const local = normalizeVirtmapLocalPart(v.localPart);
  if (!local.ok || local.value !== v.localPart) out.push(error('invalidValue', `"${key}" is not a valid virtmap key.`, [key]));
  const target = checkVirtmapTarget(v.target, MAX_HOST_NAME_LENGTH);
  if (!target.ok || formatVirtmapTarget(target.value) !== formatVirtmapTarget(v.target)) {
    out.push(error('invalidValue', `${key} has an invalid target "${formatVirtmapTarget(v.target)}".`, [key]));
  }
  // sendmail's %3 is empty for an exact match: on a key with its own "+detail" it would only look as if it did something.
  if (passesDetail(v.target) && v.localPart.includes('+') && !isWildcardKey(v.localPart)) {
    out.push(
      error(
        'invalidValue',
        `${key}: "%3" passes on a detail the key did not match, and this key matches its whole address; leave "%3" out.`,
        [key],
      ),
    );
  }
  return out;
}

function referenceErrors(s: MailSnapshot, all: MailSnapshot): ErrorFinding[] {
  const out: ErrorFinding[] = [];
  const { accounts, aliases, names } = nameSets(s, all);
  for (const a of s.aliases) {
    for (const t of a.targets) {
      if (t.kind === 'local' && t.detail !== undefined && aliases.has(t.name)) {
        // An alias drops the detail; and where it is an alias being expanded (itself, a loop) sendmail drops
        // the copy silently while Postfix delivers or bounces it (measured): a detail is for an account.
        out.push(
          error(
            'invalidValue',
            `The alias ${a.name} sends mail to ${t.name}+${t.detail}, but ${t.name} is an alias, which drops a +detail: name ${t.name} without it (a detail is for an account).`,
            [a.name, t.name],
          ),
        );
      } else if (t.kind === 'local' && t.name === a.name && !accounts.has(t.name)) {
        out.push(
          error('selfReferenceWithoutAccount', `The alias ${a.name} names itself, but there is no account ${a.name} to keep that copy.`, [
            a.name,
            a.name,
          ]),
        );
      } else if (t.kind === 'local' && !names.has(t.name)) {
        out.push(
          error('missingTarget', `The alias ${a.name} sends mail to ${t.name}, which is neither an account nor an alias.`, [
            a.name,
            t.name,
          ]),
        );
      } else if (t.kind === 'account' && !accounts.has(t.name)) {
        out.push(
          error('missingTarget', `The alias ${a.name} sends mail to \\${t.name}, but there is no account ${t.name}.`, [a.name, t.name]),
        );
      }
    }
  }
  for (const v of s.virtmaps) {
    if (v.target.kind === 'local' && !v.implicit && !names.has(v.target.name)) {
      const key = `${v.localPart}@${v.domain}`;
      out.push(
        error('missingTarget', `${key} sends mail to ${v.target.name}, which is neither an account nor an alias.`, [key, v.target.name]),
      );
    }
  }
  return out;
}

/**
 * The names of `all`, to look names up in. For a part of it (a change's scope: lib/mail/change-scope.ts
 * gives one only where every name is lower case) its index answers, which folds case: sets of every name
 * of a big host were a fifth of a second of each check.
 */
function nameSets(s: MailSnapshot, all: MailSnapshot): { accounts: KeySet; aliases: KeySet; names: KeySet } {
  if (s !== all) {
    const index = cachedIndex(all, all.host.flavor);
    return { accounts: index.accounts, aliases: index.aliases, names: { has: (n) => index.accounts.has(n) || index.aliases.has(n) } };
  }
  const accounts = new Set(all.accounts.map((a) => a.name));
  const aliases = new Set(all.aliases.map((a) => a.name));
  return { accounts, aliases, names: new Set([...accounts, ...aliases]) };
}

/** Routes between two pauses of checkSnapshotInSlices. */
const SLICE = 500;

/** Follows every alias, and every address class on every domain, and reports loops and dead ends. */
function* routeErrors(s: MailSnapshot, scope: ChangeScope | undefined, traceEvery: boolean): Generator<void, ErrorFinding[], void> {
  const out: ErrorFinding[] = [];
  // Every alias is followed at least once: first those no other alias names (each trace covers the
  // aliases it passes through), then any left over (members of a loop have no outside entry).
  const named = aliasNamed(s.aliases);
  const inScope = scope ? s.aliases.filter((a) => scope.names.has(a.name)) : s.aliases;
  const order = [...inScope.filter((a) => !named.has(a.name)), ...inScope.filter((a) => named.has(a.name))];
  const covered = new Set<string>();
  let count = 0;
  for (const alias of order) {
    if (++count % SLICE === 0) yield;
    if (covered.has(alias.name)) continue;
    const trace = traceLocalName(s, alias.name);
    for (const step of trace.steps) if (step.kind === 'alias') covered.add(step.name);
    out.push(...traceErrors(trace, `The alias ${alias.name}`, alias.name));
  }
  const explicitKeys = new Set(
    (scope ? virtmapsOfDomains(s.virtmaps, scope.domains) : s.virtmaps)
      .filter((v) => v.localPart !== '')
      .map((v) => `${v.localPart}@${v.domain}`),
  );
  const index = cachedIndex(s, s.host.flavor);
  yield;
  const addresses = classAddresses(s, scope?.domains);
  yield;
  for (const address of addresses) {
    if (++count % SLICE === 0) yield;
    if (!traceEvery && settledAtOnce(index, address)) continue;
    const trace = traceWith(s, address, s.host.flavor);
    const explicit = explicitKeys.has(address);
    out.push(...traceErrors(trace, address, address).filter((f) => f.code !== 'deadEnd' || explicit));
    const unknown = trace.steps.find((step) => step.kind === 'unknownUser');
    if (explicit && !trace.rcpt.accepted && unknown?.kind === 'unknownUser') {
      out.push(error('deadEnd', `${address} leads to ${unknown.name}, which is neither an account nor an alias.`, [address, unknown.name]));
    }
  }
  return out;
}

/**
 * An address whose first virtmap sends it straight to its end: a rejection, an account that is no alias,
 * or an address at a domain the host does not hold. Its trace can meet no loop and no dead end, so the
 * checks do not trace it: on a big host most keys are such (a 1M-line import's check traced a million).
 */
function settledAtOnce(index: MailIndex, address: string): boolean {
  const at = address.lastIndexOf('@');
  const { match } = lookupVirtmap(index, address.slice(0, at), address.slice(at + 1));
  if (!match || match.virtmap.implicit) return false;
  const target = match.virtmap.target;
  if (target.kind === 'reject') return true;
  if (target.kind === 'local') return index.accounts.has(target.name) && !index.aliases.has(target.name);
  if (target.kind === 'external') return !index.domains.has(target.address.slice(target.address.lastIndexOf('@') + 1).toLowerCase());
  return false;
}

function traceErrors(trace: Trace, what: string, subject: string): ErrorFinding[] {
  const out: ErrorFinding[] = [];
  for (const step of trace.steps) {
    if (step.kind === 'aliasLoop') {
      out.push(
        error(
          'aliasLoop',
          `Alias loop: ${step.cycle.join(' → ')}. Mail to it would be accepted and then bounce; remove one of these targets.`,
          [subject, step.name],
        ),
      );
    }
    if (step.kind === 'duplicateDropped') {
      out.push(
        error(
          'aliasLoop',
          `${step.name}+${step.detail} comes back to the alias ${step.name} while it is being expanded: sendmail would drop that copy without a word. Remove the detail or the way back to ${step.name}.`,
          [subject, step.name],
        ),
      );
    }
    if (step.kind === 'virtmapLoop') {
      out.push(
        error(
          'virtmapLoop',
          `Mail to ${step.address} goes round the virtmaps for ever (the mail host would refuse it); change one of the targets.`,
          [subject, step.address],
        ),
      );
    }
  }
  const looped = out.length > 0;
  for (const d of trace.deliveries) {
    if (d.kind === 'bounce' && d.reason !== 'aliasLoop' && d.reason !== 'virtmapLoop') {
      out.push(error('deadEnd', `${what} leads to ${d.address}, which bounces: ${d.message}`, [subject, d.address]));
    }
    if (d.kind === 'deferred' && !looped) {
      out.push(
        error('deadEnd', `${what} leads to ${d.address}, which is refused for now (${d.message}): mail would wait in the queue.`, [
          subject,
          d.address,
        ]),
      );
    }
  }
  return out;
}

/**
 * One address for every way an address can be looked up: on each domain its own keys and an unknown
 * name, and — where a `%1` catch-all passes the local part on — each key's local part and each name,
 * with and without a detail (a plain key's detail address routes as the key does, so it is left out).
 * Targets only keep the local part or replace it by a fixed name, so these cover every route (and every
 * loop) through the virtmaps; an address no virtmap takes goes straight to the aliases, which
 * checkSnapshot follows from every alias.
 */
export function classAddresses(s: MailSnapshot, only?: ReadonlySet<string>): string[] {
  // Linear in the snapshot, and with `only` in the part it names: the checks run on every save, and a
  // host can hold a million addresses (a per-domain scan of all names or virtmaps took hours, measured).
  const byDomain = virtmapsByDomain(s.virtmaps, only);
  let everyLocal: Set<string> | undefined;
  // The redirects' targets may lie outside `only`: their keys are looked up in all of the host.
  let everyDomain: Map<string, SnapshotVirtmap[]> | undefined;
  const allLocals = () =>
    (everyLocal ??= new Set([
      freshName(s),
      ...s.accounts.map((a) => a.name),
      ...s.aliases.map((a) => a.name),
      ...s.virtmaps.filter((v) => v.localPart !== '').map((v) => v.localPart),
    ]));
  const out = new Set<string>();
  // The local parts a target passes on (`%1`, `%1@other`) can meet: a customer's `%1` passes them to its own
  // names only (its fall-through, lib/mail/tenancy.ts); a fixed target sends them all to one place.
  const passedOn = (target: VirtmapTarget | undefined): Iterable<string> =>
    target?.kind === 'localPart'
      ? target.prefix
        ? ownNames(s, target.prefix)
        : allLocals()
      : target?.kind === 'domainRedirect'
        ? redirectedKeys((everyDomain ??= only ? virtmapsByDomain(s.virtmaps) : byDomain), target.domain)
        : [];
  for (const domain of only ? s.domains.filter((d) => only.has(d)) : s.domains) {
    // A catch-all with a fixed target sends every other local part to the same place: one stands for all.
    const list = byDomain.get(domain) ?? [];
    const own = list.filter((v) => v.localPart !== '').map((v) => v.localPart);
    const catchAll = list.findLast((v) => v.localPart === '')?.target;
    // sendmail's `+*` and `++` take every name's +detail: like a catch-all, for addresses with a detail.
    const wild = list.some((v) => isWildcardKey(v.localPart));
    const locals = new Set(own);
    if (catchAll || wild) locals.add(freshName(s));
    for (const local of passedOn(catchAll)) locals.add(local);
    for (const v of list) if (v.localPart === '+*' || v.localPart === '++') for (const local of passedOn(v.target)) locals.add(local);
    const keys = new Set(own);
    for (const local of locals) {
      const user = local.split('+')[0];
      out.add(`${local}@${domain}`);
      // A key without "+" takes its detail addresses the way it takes itself (the detail is dropped and %1
      // is the key: address-stage.ts), unless a wildcard key takes them first: only other names need one.
      // (A 1M-line import's check traced a million such addresses twice.) A target with %3 passes the
      // detail on, but a route that only a detail changes ends at a key with "+" (literal or wildcard),
      // and those keys are probed themselves.
      if (wild || !keys.has(local) || local.includes('+')) out.add(`${user}+x-detail@${domain}`);
      // An empty detail takes `user+*` and `+*` but not `user++` and `++`.
      if (wild) out.add(`${user}+@${domain}`);
    }
  }
  return [...out];
}

/**
 * The local parts a `%1@other` catch-all can meet on its way: the keys of the domains it redirects to,
 * following their own `%1@` catch-alls. Any other local part arrives where the fresh name does (a fixed
 * catch-all, or the names, which the alias traces follow), so these stand for every name: a farm of
 * redirecting domains is checked in the size of its keys, not its names times its domains (a 2,000-domain
 * host overflowed a Set with 52 million addresses).
 */
function redirectedKeys(byDomain: Map<string, SnapshotVirtmap[]>, first: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let domain: string | undefined = first; domain && !seen.has(domain) && seen.size < 20;) {
    seen.add(domain);
    const list: SnapshotVirtmap[] = byDomain.get(domain) ?? [];
    for (const v of list) if (v.localPart !== '') out.push(v.localPart);
    const next = list.findLast((v) => v.localPart === '')?.target;
    domain = next?.kind === 'domainRedirect' ? next.domain : undefined;
  }
  return out;
}

/** The names a prefix's customer calls its accounts and aliases (`tag-joe` → `joe`). */
function ownNames(s: MailSnapshot, prefix: string): string[] {
  return [...s.accounts, ...s.aliases].filter((n) => n.name.startsWith(prefix)).map((n) => n.name.slice(prefix.length));
}

// What the checks read of a whole host, kept beside its lists (never changed in place): the host before
// a change is the host after the save before it, whose lists were read so already.

const namedSets = new WeakMap<readonly SnapshotAlias[], ReadonlySet<string>>();

/** The names some alias sends mail to. */
function aliasNamed(aliases: readonly SnapshotAlias[]): ReadonlySet<string> {
  let named = namedSets.get(aliases);
  if (!named)
    namedSets.set(aliases, (named = new Set(aliases.flatMap((a) => a.targets.filter((t) => t.kind === 'local').map((t) => t.name)))));
  return named;
}

const domainSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function domainSet(domains: readonly string[]): ReadonlySet<string> {
  let set = domainSets.get(domains);
  if (!set) domainSets.set(domains, (set = new Set(domains)));
  return set;
}

const passingLists = new WeakMap<readonly SnapshotVirtmap[], SnapshotVirtmap[]>();

/** The catch-alls that pass the +detail on to a fixed address, in the list's order. */
function detailPassingCatchAlls(virtmaps: readonly SnapshotVirtmap[]): SnapshotVirtmap[] {
  let list = passingLists.get(virtmaps);
  if (!list) passingLists.set(virtmaps, (list = patchedPassing(virtmaps) ?? virtmaps.filter(passesDetailOn)));
  return list;
}

const passesDetailOn = (v: SnapshotVirtmap) => v.localPart === '' && v.target.kind === 'external' && v.target.keepDetail === true;

/**
 * Those of a list patched from another in domain order (lib/mail/virtmap-lookup.ts): the other's, less
 * the replaced domains', with theirs now merged in by domain (a scan of every virtmap per save, before).
 */
function patchedPassing(virtmaps: readonly SnapshotVirtmap[]): SnapshotVirtmap[] | null {
  const patch = listPatchOf(virtmaps);
  const was = patch && passingLists.get(patch.from);
  const fresh = was && sortedVirtmapsOfDomains(virtmaps, patch.domains);
  if (!patch || !was || !fresh) return null;
  const kept = was.filter((v) => !patch.domains.has(v.domain));
  const added = fresh.filter(passesDetailOn);
  const out: SnapshotVirtmap[] = [];
  let j = 0;
  for (const v of kept) {
    while (j < added.length && (added[j] as SnapshotVirtmap).domain < v.domain) out.push(added[j++] as SnapshotVirtmap);
    out.push(v);
  }
  while (j < added.length) out.push(added[j++] as SnapshotVirtmap);
  return out;
}

function duplicates(items: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const item of items) (seen.has(item) ? dup : seen).add(item);
  return [...dup];
}
