import { hostName } from './tenancy';
import type { KeyMap, KeySet, MailIndex } from './mail-index';
import type { MailSnapshot, SnapshotAccount, SnapshotAlias, SnapshotVirtmap } from './snapshot';

// A question about a few addresses answered on the part of the host it reaches, not on the whole host
// (docs/decisions/0011, step 2). At a million addresses a whole host takes seconds to read and gigabytes to
// hold; one address's route reaches a handful of domains and names.
//
// The part is found to a fixed point: the question is asked of what is loaded so far, every lookup it makes
// of something not loaded yet (a domain, a host-level name) is noted, those are loaded, and the question is
// asked again, until it asks for nothing new. The tracer looks everything up by key through its index
// (lib/mail/mail-index.ts), so the last answer is the one the whole host gives. A question that walks the
// whole snapshot instead (the write-time checks) would see only the part: it does not belong here.

/**
 * What a partial host is asked for: domains (each with all its virtmaps), host-level names (`tag-name`),
 * and customers' tags whose presence on the host matters (see askNearby's `owners`).
 */
export interface HostKeys {
  domains: string[];
  names: string[];
  owners?: string[];
}

/**
 * Objects of a host as a loader gives them for some keys: each domain asked for that is on the host, with
 * its owner, strictness and every virtmap; each account and alias whose host-level name was asked for; and
 * for each owner asked for that has anything on the host, one of its domains or names (any one).
 */
export type HostPart = Pick<MailSnapshot, 'domains' | 'accounts' | 'aliases' | 'virtmaps' | 'domainOwners' | 'strictDomains'>;

/**
 * How a render shard by shard (lib/sync/render-in-shards.ts) reads a host: in parts, every part of one
 * state of the host (lib/data/host-parts.ts reads them in one transaction).
 */
export interface HostReader {
  /** The host without its virtmaps: every domain (with its owner and strictness), account and alias. */
  hostWide(): Promise<MailSnapshot>;
  /** These domains of the host with every virtmap, as a snapshot of the host that holds only them. */
  domains(names: readonly string[]): Promise<MailSnapshot>;
  /** The whole host, in the same state: what the test suites compare the render with (MAILPANEL_VERIFY_SNAPSHOT_CACHE). */
  whole?(): Promise<MailSnapshot>;
}

/** What a partial host holds everything of, and what its question asked for beyond that. */
interface Lookups {
  loaded: { domains: ReadonlySet<string>; names: ReadonlySet<string> };
  missed: { domains: Set<string>; names: Set<string> };
}

// On the snapshot object under a symbol: the spread copies a customer's cut of it (lib/mail/own-words.ts)
// makes carry it along, and a host view finds it on the snapshot it was compiled from.
const LOOKUPS = Symbol('partial host lookups');
type Marked = MailSnapshot & { [LOOKUPS]?: Lookups };

/** The times a question is asked of a part before the caller is told to ask the whole host (a chain this long is rare). */
export const MAX_ROUNDS = 40;

/**
 * `ask` answered on the part of a host it reaches: `load` gives the objects of the keys asked for. Null
 * when it has not settled within MAX_ROUNDS loads (the caller then asks the whole host).
 *
 * `owners`: the customers a trace is told to (lib/mail/told-trace.ts). Their words depend on which of them
 * have anything on the host at all (a name `tag-x` is told as `x` only for a tag that does), which no
 * lookup shows: so the first load also asks for one object of each. Only the owners the question names
 * need asking for (ownersNamedIn): any other's `tag-` in a trace comes from an object it loaded.
 *
 * `start`: keys to load first, for a question that walks some objects rather than looking them up (all
 * of one customer's domains and names, for the addresses that reach one of its mailboxes).
 */
export async function askNearby<R>(
  host: Pick<MailSnapshot, 'version' | 'host'>,
  load: (keys: HostKeys) => Promise<HostPart>,
  ask: (snapshot: MailSnapshot) => R,
  owners?: ReadonlySet<string> | null,
  start: HostKeys = { domains: [], names: [] },
): Promise<{ answer: R } | null> {
  const held = new PartialHost(host);
  let wanted: HostKeys = { ...start, ...(owners && host.version === 2 ? { owners: [...owners] } : {}) };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    if (wanted.domains.length + wanted.names.length + (wanted.owners?.length ?? 0) > 0) held.add(wanted, await load(wanted));
    const lookups: Lookups = { loaded: held.loaded, missed: { domains: new Set(), names: new Set() } };
    const snapshot: Marked = { ...held.snapshot(), [LOOKUPS]: lookups };
    const answer = ask(snapshot);
    if (lookups.missed.domains.size + lookups.missed.names.size === 0) return { answer };
    wanted = { domains: [...lookups.missed.domains], names: [...lookups.missed.names] };
  }
  return null;
}

/**
 * The owners whose host-level names (`tag-…`) appear in `texts` (the addresses a question is about): the
 * only ones whose presence askNearby must ask for. A trace's other host-level names are those of objects
 * it looked up (each loaded with its owner) or of the typed address's local part, redirected or prefixed.
 */
export function ownersNamedIn(owners: ReadonlySet<string> | null, texts: string[]): Set<string> | null {
  if (!owners) return null;
  const lower = texts.map((t) => t.toLowerCase());
  return new Set([...owners].filter((tag) => lower.some((t) => t.includes(`${tag}-`))));
}

/**
 * The index the tracer uses on a partial host (lib/mail/trace-context.ts asks for it): `index` as it is,
 * noting each lookup of a key the part does not hold everything of. Undefined for a whole host.
 */
export function recordingIndex(snapshot: MailSnapshot, source: MailSnapshot, index: MailIndex): MailIndex | undefined {
  const lookups = (snapshot as Marked)[LOOKUPS] ?? (source as Marked)[LOOKUPS];
  if (!lookups) return undefined;
  const { loaded, missed } = lookups;
  const domain = (key: string) => {
    const d = key.toLowerCase();
    if (!loaded.domains.has(d)) missed.domains.add(d);
  };
  const name = (key: string) => {
    const n = key.toLowerCase();
    if (!loaded.names.has(n)) missed.names.add(n);
  };
  const set = (base: KeySet, note: (key: string) => void): KeySet => ({
    has: (key) => (note(key), base.has(key)),
  });
  const map = <V>(base: KeyMap<V>, note: (key: string) => void): KeyMap<V> => ({
    has: (key) => (note(key), base.has(key)),
    get: (key) => (note(key), base.get(key)),
  });
  const virtmapDomain = (key: string) => domain(key.slice(key.lastIndexOf('@') + 1));
  return {
    flavor: index.flavor,
    domains: set(index.domains, domain),
    accounts: set(index.accounts, name),
    aliases: map(index.aliases, name),
    virtmaps: map(index.virtmaps, virtmapDomain),
  };
}

/** The objects loaded so far, each once, and the keys they are everything of. */
class PartialHost {
  readonly loaded = { domains: new Set<string>(), names: new Set<string>() };
  private readonly domains: string[] = [];
  private readonly domainOwners: Record<string, string> = {};
  private readonly strictDomains: string[] = [];
  private readonly accounts: SnapshotAccount[] = [];
  private readonly aliases: SnapshotAlias[] = [];
  private readonly virtmaps: SnapshotVirtmap[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly host: Pick<MailSnapshot, 'version' | 'host'>) {}

  add(keys: HostKeys, part: HostPart): void {
    // A domain comes with all it has, so one given for an owner's presence is held whole too; a name so
    // given may lack its namesake (an account without the alias of its name), so it is not.
    for (const d of [...keys.domains, ...part.domains]) this.loaded.domains.add(d.toLowerCase());
    for (const n of keys.names) this.loaded.names.add(n.toLowerCase());
    const once = (key: string) => !this.seen.has(key) && Boolean(this.seen.add(key));
    for (const d of part.domains) if (once(`d ${d}`)) this.domains.push(d);
    Object.assign(this.domainOwners, part.domainOwners ?? {});
    for (const d of part.strictDomains ?? []) if (once(`s ${d}`)) this.strictDomains.push(d);
    for (const a of part.accounts) if (once(`a ${hostName(a.owner, a.name)}`)) this.accounts.push(a);
    for (const a of part.aliases) if (once(`l ${hostName(a.owner, a.name)}`)) this.aliases.push(a);
    for (const v of part.virtmaps) if (once(`v ${v.localPart}@${v.domain}`)) this.virtmaps.push(v);
  }

  snapshot(): MailSnapshot {
    const tenant = this.host.version === 2;
    return {
      version: this.host.version,
      host: this.host.host,
      domains: [...this.domains],
      accounts: [...this.accounts],
      aliases: [...this.aliases],
      virtmaps: [...this.virtmaps],
      ...(tenant ? { domainOwners: { ...this.domainOwners }, strictDomains: [...this.strictDomains] } : {}),
    };
  }
}
