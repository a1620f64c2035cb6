import { isWildcardKey } from './names';
import type { MailSnapshot } from './snapshot';
import { patchedFrom } from './patch-lineage';
import { compiledHostView, viewSource } from './tenancy';

// Which addresses to trace: the one picker of a change's review (changeProbes) and its convention for the
// address that stands for "any other" (freshName). The differential tests' exhaustive probe set, every way
// an address can be looked up, is theirs (tests/support/probe-addresses.ts).

/** What a change's review asks (changeProbes). */
export interface ChangeProbeAsk {
  /** Local parts to ask at every domain; the catch-all's empty key is no address and is left out. */
  locals: Iterable<string>;
  /** The domains, in the order they are asked. */
  domains: readonly string[];
  /** Also ask a name none of `locals` is (freshName's convention), standing for every other address. */
  anyOther?: boolean;
  /**
   * Local parts also asked with a "+detail" ("" for the catch-all: the other name's): a virtmap's own, whose
   * target may pass the detail on (`%3`) or drop it.
   */
  detailed?: Iterable<string>;
}

/**
 * The addresses a change's review traces (lib/mail/change-review.ts, lib/mail/route-diff.ts): each local part
 * (sorted) at each domain (in the order given), without duplicates. The one picker of review probes: the
 * data layer reads the names and domains a change touches (lib/data/review-probes.ts) and asks this.
 */
export function changeProbes(ask: ChangeProbeAsk): string[] {
  const locals = new Set<string>();
  // A wildcard key (`joe+*`, `+*`) is asked as an address it takes: `joe+detail`, or another name's.
  const wildUsers = new Set<string>();
  for (const local of ask.locals) {
    if (isWildcardKey(local)) wildUsers.add(local.slice(0, -2));
    else if (local !== '') locals.add(local);
  }
  const other = ask.anyOther || wildUsers.has('') || [...(ask.detailed ?? [])].includes('') ? unusedName(locals) : undefined;
  if (ask.anyOther && other) locals.add(other);
  for (const user of wildUsers) locals.add(`${user || other}+detail`);
  for (const local of ask.detailed ?? []) {
    if (isWildcardKey(local) || local.includes('+')) continue;
    const user = local || other;
    if (user) locals.add(`${user}+detail`);
  }
  const probes = new Set<string>();
  for (const local of [...locals].sort()) for (const domain of ask.domains) probes.add(`${local}@${domain}`);
  return [...probes];
}

/** A local name used nowhere in the snapshot, for "unknown user" probes. */
export function freshName(snapshot: MailSnapshot, names?: ReadonlySet<string>): string {
  if (names) return computeFreshName(snapshot, names);
  // Once per snapshot: a save asks for it several times, and each time reads every name and key.
  let fresh = freshNames.get(snapshot);
  if (fresh === undefined) freshNames.set(snapshot, (fresh = computeFreshName(snapshot)));
  return fresh;
}

const freshNames = new WeakMap<MailSnapshot, string>();

function computeFreshName(snapshot: MailSnapshot, names?: ReadonlySet<string>): string {
  if (!names && freshAfterPatch(snapshot)) return FIRST_FRESH;
  // Only a word that starts like the sentinel can be one of its candidates: those are kept, not every name
  // and key (a set of 1.3 million words was 0.7 s of the first save at a million addresses).
  const used = new Set<string>();
  const note = (word: string) => {
    if (word.startsWith(FIRST_FRESH)) used.add(word);
  };
  if (names) names.forEach(note);
  else {
    for (const a of snapshot.accounts) note(a.name);
    for (const a of snapshot.aliases) note(a.name);
  }
  for (const v of snapshot.virtmaps) note(v.localPart);
  return unusedName(used);
}

/**
 * Whether a patched snapshot (or its view) keeps its origin's fresh name, the first there is: true when the
 * origin's was the first and nothing the patch put in place is called so. Reading every name and key of a
 * big host was half a second of each save's review (docs/decisions/0011, step 3).
 */
function freshAfterPatch(snapshot: MailSnapshot): boolean {
  const source = viewSource(snapshot);
  const patch = patchedFrom(source);
  if (!patch) return false;
  const origin = patch.from();
  const from = origin && (source === snapshot ? origin : compiledHostView(origin));
  if (!from || freshNames.get(from) !== FIRST_FRESH) return false;
  const { delta } = patch;
  const words = [
    ...patch.names,
    ...delta.accounts.map((a) => a.name),
    ...delta.aliases.map((a) => a.name),
    ...delta.virtmaps.map((v) => v.localPart),
  ];
  return !words.some((w) => w.startsWith(FIRST_FRESH));
}

const FIRST_FRESH = 'nobody-here';

// The one sentinel convention: "nobody-here", numbered when that is someone's name.
function unusedName(used: ReadonlySet<string>): string {
  let candidate = FIRST_FRESH;
  for (let i = 2; used.has(candidate); i += 1) candidate = `nobody-here${i}`;
  return candidate;
}
