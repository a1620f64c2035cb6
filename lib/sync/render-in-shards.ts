import { shardDomains, shardFile } from '../mail/map-shards';
import type { HostReader } from '../mail/partial-host';
import type { Flavor, MailSnapshot } from '../mail/snapshot';
import { hostView } from '../mail/tenancy';
import { renderDovecotPasswd } from '../mailmaps/dovecot';
import { postfixDomainLines, postfixHostWide, postfixMapFiles, postfixRegexpFile, type PostfixDomainLines } from '../mailmaps/postfix';
import type { RenderedFile } from '../mailmaps/render-reuse';
import { sendmailDomainLines, sendmailHostWide, sendmailVirtusertable } from '../mailmaps/sendmail';
import { autoreplyScriptFiles, ownAddresses } from '../mailmaps/sieve-files';
import { renderHost, type RenderSettings } from './render-host';

// A host's files rendered shard by shard, from a host read in parts (docs/decisions/0011, step 5): what a
// full publish needs without a whole host in memory. First the host without its virtmaps (every domain,
// account and alias: the files that read no domain's virtmaps), then the domains of each shard, a chunk at
// a time, each chunk with every virtmap of its domains. A Postfix domain's verdicts also read the keys of
// the domains its targets name: those are loaded into the chunk's part too, and its lines made again,
// until they read no domain of the host the part lacks. The renderers' own functions make every piece,
// so the files are the whole render's (lib/sync/render-in-shards.test.ts compares them on random hosts).

export type { HostReader };

/**
 * How many domains are read and rendered at once: a whole shard at the bench's size (6,250 of 100,000
 * domains in 16 shards, 62,500 virtmaps). A chunk's virtmaps are read by their domains' ids; the database
 * scans the table for each chunk, so fewer, bigger chunks read less (measured at a million addresses:
 * chunks of 2,048 domains, joined by name, spent 30 s reading; docs/publishing.md, "Scale").
 */
export const SHARD_CHUNK = 8_192;

/** How a render shard by shard is cut, and what it reports. */
export interface InShardsOptions {
  /** Domains read and rendered at once (SHARD_CHUNK). */
  chunk?: number;
  /** Told how long the render waited for each read (the run's `load`). */
  waited?: (ms: number) => void;
}

/**
 * Every file of the host (the same names and texts as renderHost), each handed over once, as soon as its
 * text is final: the files that read no domain's virtmaps first, then each shard's, then the rest.
 */
export async function* hostFilesInShards(
  flavor: Flavor,
  settings: RenderSettings,
  reader: HostReader,
  options: InShardsOptions = {},
): AsyncGenerator<RenderedFile, void, void> {
  // The test suites (MAILPANEL_VERIFY_SNAPSHOT_CACHE=1) compare every such render with a whole one.
  const handed: Record<string, string> | null = process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE === '1' && reader.whole ? {} : null;
  for await (const file of renderInShards(flavor, settings, reader, options)) {
    if (handed) handed[file[0]] = file[1];
    yield file;
  }
  if (handed && reader.whole) {
    const whole = renderHost(flavor, await reader.whole(), settings);
    const differ = [...new Set([...Object.keys(handed), ...Object.keys(whole)])].filter((name) => handed[name] !== whole[name]);
    if (differ.length > 0) throw new Error(`the render shard by shard differs from a whole render in ${differ.join(', ')}`);
  }
}

/** How the MTA's files of a host are made from its parts: the chunks, in order, and the host without its virtmaps. */
interface Parts {
  wide: MailSnapshot;
  shards: number;
  reader: HostReader;
  chunks: (domains: readonly string[]) => AsyncGenerator<Chunk, void, void>;
  /** Gathers the autoreply scripts' addresses from a chunk's part. */
  noteOwn: (part: MailSnapshot, domains: ReadonlySet<string>) => void;
}

async function* renderInShards(
  flavor: Flavor,
  settings: RenderSettings,
  given: HostReader,
  options: InShardsOptions,
): AsyncGenerator<RenderedFile, void, void> {
  const reader = timedReads(given, options.waited);
  const wide = await reader.hostWide();
  const accounts = hostView(wide).accounts;
  const autoreplied = new Set(accounts.filter((a) => a.autoreply).map((a) => a.name));
  const own = new Map<string, string[]>();
  const parts: Parts = {
    wide,
    shards: settings.mapShards,
    reader,
    chunks: (domains) => chunksOf(domains, settings.mapShards, options.chunk ?? SHARD_CHUNK, reader),
    // The autoreply scripts name the addresses whose own virtmap delivers to their mailbox.
    noteOwn: (part, domains) => {
      if (autoreplied.size > 0)
        ownAddresses(
          hostView(part).virtmaps.filter((v) => domains.has(v.domain)),
          autoreplied,
          own,
        );
    },
  };
  yield* flavor === 'postfix' ? postfixFiles(parts) : sendmailFiles(parts);
  const { uid, gid, homeBase } = settings.dovecot;
  yield ['dovecot-passwd', renderDovecotPasswd({ accounts }, { uid, gid, homeBase })];
  for (const file of Object.entries(autoreplyScriptFiles(accounts, own))) yield file;
}

/** `reader` telling `waited` how long the render waited for each of its reads. */
function timedReads(reader: HostReader, waited?: (ms: number) => void): HostReader {
  if (!waited) return reader;
  const timed =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const t = performance.now();
      try {
        return await read(...args);
      } finally {
        waited(performance.now() - t);
      }
    };
  return { ...reader, hostWide: timed(reader.hostWide), domains: timed(reader.domains) };
}

interface Chunk {
  shard: number;
  domains: string[];
  /** The last chunk of its shard: the shard's files are final after it. */
  last: boolean;
  /** Its domains with their virtmaps (null for a shard without domains). */
  part: MailSnapshot | null;
}

/**
 * The chunks of each shard's domains, in order, each with its part of the host. The next chunk's read is
 * under way while the caller renders this one: the database works on its own core meanwhile. (The time
 * the reader reports is then the read's own, part of it beside the render.)
 */
async function* chunksOf(domains: readonly string[], shards: number, size: number, reader: HostReader): AsyncGenerator<Chunk, void, void> {
  const cuts: Omit<Chunk, 'part'>[] = [];
  for (const [shard, list] of shardDomains(domains, shards).entries()) {
    if (list.length === 0) cuts.push({ shard, domains: [], last: true });
    for (let at = 0; at < list.length; at += size) cuts.push({ shard, domains: list.slice(at, at + size), last: at + size >= list.length });
  }
  const read = (cut: Omit<Chunk, 'part'> | undefined) => {
    const part = cut && cut.domains.length > 0 ? reader.domains(cut.domains) : Promise.resolve(null);
    // Awaited below, unless the render stops first (a refusal): its failure is then nobody's to report.
    part.catch(() => undefined);
    return part;
  };
  let next = read(cuts[0]);
  for (const [i, cut] of cuts.entries()) {
    const part = await next;
    next = read(cuts[i + 1]);
    yield { ...cut, part };
  }
}

async function* sendmailFiles({ wide, shards, chunks, noteOwn }: Parts): AsyncGenerator<RenderedFile, void, void> {
  const { files, domains } = sendmailHostWide(wide);
  yield* Object.entries(files);
  let lines: string[] = [];
  for await (const chunk of chunks(domains)) {
    if (chunk.part) {
      noteOwn(chunk.part, new Set(chunk.domains));
      for (const text of sendmailDomainLines(chunk.part, chunk.domains)) lines.push(text);
    }
    if (!chunk.last || shards <= 1) continue;
    yield [shardFile('virtusertable', chunk.shard), sendmailVirtusertable(lines)];
    lines = [];
  }
  // With shards the base holds no line: every key belongs to a domain (and so to a shard).
  yield ['virtusertable', sendmailVirtusertable(shards > 1 ? [] : lines)];
}

async function* postfixFiles({ wide, shards, reader, chunks, noteOwn }: Parts): AsyncGenerator<RenderedFile, void, void> {
  const hostWide = postfixHostWide(wide, shards);
  yield* Object.entries(hostWide.files);
  const held = new Set(hostWide.domains);
  // `virtual.regexp` holds every domain's rules, in the domains' order: kept for the domains that have any.
  const rules = new Map<string, PostfixDomainLines>();
  let lines: PostfixDomainLines[] = [];
  for await (const chunk of chunks(hostWide.domains)) {
    if (chunk.part) {
      noteOwn(chunk.part, new Set(chunk.domains));
      const made = await postfixChunk(chunk.domains, chunk.part, reader, hostWide.names, held);
      for (const d of chunk.domains) {
        const part = made.get(d) as PostfixDomainLines;
        lines.push(part);
        if (part.regexp !== '' || part.tenantRule) rules.set(d, part);
      }
    }
    if (!chunk.last || shards <= 1) continue;
    yield* Object.entries(postfixMapFiles(hostWide, shards, chunk.shard, lines));
    lines = [];
  }
  if (shards <= 1) yield* Object.entries(postfixMapFiles(hostWide, shards, null, lines));
  yield ['virtual.regexp', postfixRegexpFile(hostWide.domains.flatMap((d) => rules.get(d) ?? []))];
}

/** One chunk's lines, made on a part that holds every domain of the host they read. */
async function postfixChunk(
  domains: string[],
  first: MailSnapshot,
  reader: HostReader,
  names: Parameters<typeof postfixDomainLines>[1],
  held: ReadonlySet<string>,
): Promise<Map<string, PostfixDomainLines>> {
  let part = first;
  const loaded = new Set(domains);
  for (;;) {
    const { lines, read } = postfixDomainLines(part, names, domains);
    const missing = [...read].filter((d) => held.has(d) && !loaded.has(d));
    if (missing.length === 0) return lines;
    for (const d of missing) loaded.add(d);
    part = joined(part, await reader.domains(missing));
  }
}

/** Two parts of one host as one. */
function joined(a: MailSnapshot, b: MailSnapshot): MailSnapshot {
  return {
    ...a,
    domains: [...a.domains, ...b.domains],
    virtmaps: [...a.virtmaps, ...b.virtmaps],
    ...(a.version === 2
      ? {
          domainOwners: { ...a.domainOwners, ...b.domainOwners },
          strictDomains: [...(a.strictDomains ?? []), ...(b.strictDomains ?? [])],
        }
      : {}),
  };
}
