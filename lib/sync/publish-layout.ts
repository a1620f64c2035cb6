import { createHash } from 'node:crypto';
import { shardBase } from '../mail/map-shards';
import { POSTFIX_POSTALIAS_FILES, POSTFIX_POSTMAP_FILES, POSTFIX_SHARDED_FILES } from '../mailmaps/postfix';

// The layout of a host's map directory, and what each published file is (docs/publishing.md):
//   <mapDir>/current          symlink -> rev-<N>: the ONE thing a publish switches (rename(2) of a new link)
//   <mapDir>/rev-<N>/         one complete revision: the text files, their built .db maps, .mailpanel.json
//   <mapDir>/.rev-<N>.tmp/    a revision being built (never named by any configuration)
// The MTAs and Dovecot name `<mapDir>/current/<file>`, so they read one complete revision, whatever moment
// a publish is interrupted at. Pure helpers only; I/O is in publish.ts.

export type PublishFlavor = 'sendmail' | 'postfix';

/** map: built with buildMap; aliases: buildAliases; regexp: checked only; secret: the passwd-file; text: as is. */
export type FileRole = 'map' | 'aliases' | 'regexp' | 'secret' | 'text';

export const CURRENT = 'current';
export const MANIFEST = '.mailpanel.json';
export const PASSWD_FILE = 'dovecot-passwd';
const REVISION_DIR = /^rev-(\d{1,9})(?:\.(\d{1,4}))?$/;
const STAGING = /^\.rev-\d{1,9}\.tmp$|^\.current\.tmp$/;
/**
 * File names a revision may hold: what the renderers produce (lower case, no path, no leading dot). Up to
 * 96 characters: an autoreply script is named for its account's name on the host (up to 77) + ".sieve".
 */
const FILE_NAME = /^[a-z0-9][a-z0-9._-]{0,95}$/;

const SENDMAIL_ROLES: Record<string, FileRole> = { virtusertable: 'map', accounts: 'map', aliases: 'aliases' };
const POSTFIX_ROLES: Record<string, FileRole> = {
  ...Object.fromEntries(POSTFIX_POSTMAP_FILES.map((name) => [name, 'map'])),
  ...Object.fromEntries(POSTFIX_POSTALIAS_FILES.map((name) => [name, 'aliases'])),
  'virtual.regexp': 'regexp',
};

/** The maps a host may split into shards (`virtual.07`: lib/mail/map-shards.ts), built as their base is. */
const SHARDED: Record<PublishFlavor, ReadonlySet<string>> = {
  sendmail: new Set(['virtusertable']),
  postfix: new Set(POSTFIX_SHARDED_FILES),
};

export function fileRole(flavor: PublishFlavor, name: string): FileRole {
  if (name === PASSWD_FILE) return 'secret';
  const roles = flavor === 'sendmail' ? SENDMAIL_ROLES : POSTFIX_ROLES;
  const base = shardBase(name);
  return roles[name] ?? (base !== name && SHARDED[flavor].has(base) ? roles[base] : undefined) ?? 'text';
}

export function isBuilt(role: FileRole): boolean {
  return role === 'map' || role === 'aliases';
}

/** Why a file name cannot be published, or null. */
export function badFileName(name: string): string | null {
  if (!FILE_NAME.test(name) || name.endsWith('.db') || name === CURRENT || REVISION_DIR.test(name)) {
    return `file name ${JSON.stringify(name)} is not a plain lower-case name (or is reserved)`;
  }
  return null;
}

export interface RevisionDir {
  name: string;
  revision: number;
  /** 0 for rev-<N>, k for rev-<N>.<k> (revision N published again while rev-<N> was live). */
  again: number;
}

export function parseRevisionDir(name: string): RevisionDir | null {
  const m = REVISION_DIR.exec(name);
  return m ? { name, revision: Number(m[1]), again: Number(m[2] ?? 0) } : null;
}

export function compareRevisionDirs(a: RevisionDir, b: RevisionDir): number {
  return a.revision - b.revision || a.again - b.again;
}

export function isStaging(name: string): boolean {
  return STAGING.test(name);
}

/** The directory name for revision N: rev-<N>, unless that one is live (then rev-<N>.<k>). */
export function revisionDirName(revision: number, live: string | null, existing: readonly string[]): string {
  const plain = `rev-${revision}`;
  if (live !== plain) return plain;
  for (let k = 1; ; k++) if (!existing.includes(`${plain}.${k}`) && live !== `${plain}.${k}`) return `${plain}.${k}`;
}

export interface ManifestFile {
  sha256: string;
  size: number;
  /** Whole seconds (what SFTP reports): a file whose size or mtime differs was edited by hand since. */
  mtime?: number;
  /**
   * A built map's .db: how it was built (`buildFingerprint`), its size and whole-second mtime. A patch
   * starts only from a .db built the way the host builds now and untouched since (lib/sync/publish-patch.ts).
   */
  db?: { build: string; size: number; mtime: number };
}

/** What makes a .db what it is: the flavour and the build command (another one may store other keys). */
export function buildFingerprint(flavor: PublishFlavor, spec: { argv: string[]; stdin?: string }): string {
  return `${flavor} ${JSON.stringify({ argv: spec.argv, stdin: spec.stdin ?? null })}`;
}

export interface Manifest {
  revision: number;
  flavor: PublishFlavor;
  files: Record<string, ManifestFile>;
}

export function parseManifest(text: string | undefined): Manifest | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(text) as Partial<Manifest>;
    if (typeof value.revision !== 'number' || typeof value.files !== 'object' || value.files === null) return null;
    return { revision: value.revision, flavor: value.flavor === 'postfix' ? 'postfix' : 'sendmail', files: value.files };
  } catch {
    return null;
  }
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** One entry of a map or aliases text as the tools read it: key (lower case), value, whether it is wrapped. */
export interface Entry {
  key: string;
  value: string;
  continued: boolean;
}

/**
 * The entries of a map (`key<whitespace>value`) or an aliases file (`name: value`) as makemap, postmap,
 * newaliases and postalias read them: "#" lines and empty lines skipped, a line starting with whitespace
 * continues the entry before it, keys folded to lower case.
 */
export function parseEntries(text: string, role: 'map' | 'aliases'): Entry[] {
  const entries: Entry[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (/^\s/.test(line)) {
      const last = entries[entries.length - 1];
      if (last && line.trim() !== '') last.continued = true;
      continue;
    }
    const m = role === 'aliases' ? /^([^:\s]+)\s*:\s*(.*)$/.exec(line) : /^(\S+)\s+(.*)$/.exec(line);
    entries.push({ key: (m?.[1] ?? line).toLowerCase(), value: (m?.[2] ?? '').trim(), continued: false });
  }
  return entries;
}

/**
 * The aliases as `makemap hash` input, stored as `newaliases` (`sendmail -bi`) stores them (measured with
 * sendmail 8.17: the same dump): one "name<TAB>targets" line an alias (names folded to lower case, a
 * wrapped entry joined), and the "@ @" entry that says the database is complete (sendmail waits up to
 * AliasWait for it when it opens the aliases). Why not `sendmail -bi` itself: every sendmail start first
 * qualifies the machine's host name, and where it cannot (a host named "vm" or "laptop") it sleeps 60 s
 * before anything else, options and sendmail.cf included (docs/publishing.md, "Building the aliases").
 */
export function aliasPairs(text: string): string {
  const pairs: [string, string][] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const last = pairs[pairs.length - 1];
    if (/^\s/.test(line)) {
      if (last && line.trim() !== '') last[1] = `${last[1]}${line.trimEnd()}`; // as newaliases joins: the line as is
      continue;
    }
    const [entry] = parseEntries(line, 'aliases');
    if (entry) pairs.push([entry.key, entry.value]);
  }
  return [...pairs, ['@', '@']].map(([key, value]) => `${key}\t${value}\n`).join('');
}

/** Up to `count` entries spread evenly over the file (first and last included), unwrapped ones only. */
export function sampleEntries(entries: readonly Entry[], count = 5): Entry[] {
  return spread(
    entries.filter((e) => !e.continued),
    count,
  );
}

/** Up to `count` items spread evenly over the list, first and last included. */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))] as T);
}

/**
 * Up to `count` entries spread evenly over the text, found without splitting it (parsing a big map whole is
 * slow and costly: docs/publishing.md, figures: "big map text"): the entry starting at or after each of `count` evenly
 * spaced offsets, unwrapped ones only (the next line is not a continuation).
 */
export function sampleText(text: string, role: 'map' | 'aliases', count = 5): Entry[] {
  const found = new Map<number, Entry>();
  for (let i = 0; i < count; i++) {
    let start = i === 0 ? 0 : text.lastIndexOf('\n', Math.floor((i * (text.length - 1)) / Math.max(1, count - 1))) + 1;
    if (i === count - 1) start = lastEntryStart(text);
    for (let guard = 0; start >= 0 && start < text.length && guard < 1000; guard++) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end < 0 ? text.length : end);
      const next = end < 0 ? '' : text.charAt(end + 1);
      if (line !== '' && !/^[#\s]/.test(line) && next !== ' ' && next !== '\t') {
        const [entry] = parseEntries(line, role);
        if (entry) found.set(start, entry);
        break;
      }
      start = end < 0 ? -1 : end + 1;
    }
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

function lastEntryStart(text: string): number {
  let end = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let guard = 0; end > 0 && guard < 1000; guard++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (!/^[#\s]/.test(text.charAt(start)) && start < end) return start;
    end = start - 1;
  }
  return 0;
}

/** How many entries (lines starting an entry: not empty, not "#", not whitespace), counted without splitting. */
export function countEntries(text: string): number {
  let count = 0;
  for (let start = 0; start < text.length;) {
    const c = text.charCodeAt(start);
    if (c !== 10 && c !== 35 && c !== 32 && c !== 9) count++;
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    start = end + 1;
  }
  return count;
}

/** A dump (`makemap -u`: key TAB value; `praliases`: key:value) as key -> value. */
export function parseDump(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const cut = line.search(/[\t:]| /);
    if (cut < 0) entries.set(line.toLowerCase(), '');
    else entries.set(line.slice(0, cut).toLowerCase(), line.slice(cut + 1).trim());
  }
  return entries;
}
