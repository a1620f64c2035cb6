import { isRejectCode, isTemporaryReject, rejectStatus } from '../mail/reject-codes';
import type { AliasTarget, MailSnapshot, SnapshotAccount, SnapshotAlias, SnapshotVirtmap, VirtmapTarget } from '../mail/snapshot';
import { DISCARD_TARGET, passesDetail } from '../mail/targets';
import { hostView, isTenantSnapshot, OWNER_TAG } from '../mail/tenancy';
import { shardBase, shardDomains, shardFile, shardFiles, shardOf } from '../mail/map-shards';
import {
  countNames,
  drain,
  linesText,
  patchCounts,
  renderedMemoSteps,
  SortedBlocks,
  RENDER_SLICE,
  type RenderChange,
  type RenderStep,
} from './render-reuse';
import { isWildcardKey } from '../mail/names';
import { splitDetail } from '../mail/virtmap-lookup';
import { compareText, duplicates, isSafeDomain, isSafeName, isSafeVirtmapLocalPart } from './common';
import {
  addressOutcome,
  decisiveLocalParts,
  domainDefault,
  localsWithPrefix,
  domainKeys,
  prefixesOf,
  rcptIndex,
  setName,
  UNKNOWN_USER,
  type RcptIndex,
  type RcptReads,
  type Reply,
} from './postfix-rcpt';
import { checkedExternal, checkedRejectText, fail, PostfixRenderError } from './postfix-safe';

// The Postfix files of one mail host (docs/postfix.md has the settings they assume and why):
//   domains         mydestination                      postmap hash:
//   virtual         virtual_alias_maps (first)         postmap hash:
//   virtual.regexp  virtual_alias_maps (second)        regexp:, read as is
//   aliases         alias_maps (local(8))              postalias hash:
//   recipients      local_recipient_maps               postmap hash:
//   access          check_recipient_access             postmap hash:
//   transport       transport_maps                     postmap hash:
// With shards (`options.shards` > 1: lib/mail/map-shards.ts) the four per-domain maps are each a base
// file with the host-wide lines (`virtual` then holds only the header) and shards `virtual.00`… holding the
// domains' lines; main.cf lists the base and the shards (postfix-config.ts).
// Deterministic (fixed header, no clock; each file's lines grouped by domain in code-point order, a domain's
// lines in code-point order, host-wide lines such as names first) and defensive: a value Postfix could read
// as more than one value throws a PostfixRenderError (postmap folds keys to lower case, keeps ` # text` in
// values, and continues a line that starts with whitespace: DOMAIN.md, "How the map tools read files").

export { PostfixRenderError };

export const POSTFIX_FILES = ['domains', 'virtual', 'virtual.regexp', 'aliases', 'recipients', 'access', 'transport'] as const;
export type PostfixFileName = (typeof POSTFIX_FILES)[number];
/** The files by name: the seven, and with shards each sharded map's shards (`virtual.00`…). */
export type PostfixFiles = Record<PostfixFileName, string> & Record<string, string>;

/** The maps written as a base and shards when a host has them (lib/mail/map-shards.ts). */
export const POSTFIX_SHARDED_FILES = ['virtual', 'recipients', 'access', 'transport'] as const;
type ShardedFile = (typeof POSTFIX_SHARDED_FILES)[number];

export interface PostfixRenderOptions {
  /** Shards of the per-domain maps (1, the default: one file each). */
  shards?: number;
}
/** The files built with `postmap` (hash:), and the one built with `postalias`. */
export const POSTFIX_POSTMAP_FILES = ['domains', 'virtual', 'recipients', 'access', 'transport'] as const;
export const POSTFIX_POSTALIAS_FILES = ['aliases'] as const;

export const POSTFIX_HEADER = '# Written by mailpanel: every change here is overwritten at the next publish.\n';

/**
 * Local names are written `name@localhost`: a domain that is always local (mydestination) and never a
 * panel domain (those have at least two labels), so a result never goes through a panel domain's virtmaps
 * again — sendmail hands a virtusertable result that is a local name straight to aliases.
 */
export const LOCAL_NAME_DOMAIN = 'localhost';
/**
 * An alias target on a local domain is written `x@d` + this suffix. local(8) cannot deliver that domain,
 * so it forwards the copy through cleanup, where `virtual.regexp` turns it back into `x@d` and the
 * virtmaps apply (sendmail: such a target goes through virtusertable again; DOMAIN.md difference 3).
 */
export const REINJECT_SUFFIX = '.reinject.mailpanel.invalid';
/**
 * `\name` (the account itself, no further aliasing) is written `name@` this domain. Postfix's local(8) reads
 * a backslash as mere quoting and would look `name` up in aliases again; this domain goes through
 * transport_maps to `mailpanel-account`, a local(8) without alias_maps, which hands it to the mailbox.
 */
export const ACCOUNT_DOMAIN = 'account.mailpanel.invalid';
export const ACCOUNT_SERVICE = 'mailpanel-account';
/** Addresses in the renderer's own domains are never accepted over SMTP. */
export const INTERNAL_DOMAINS_ACCESS = '.mailpanel.invalid\t550 5.1.2 Internal address';
export const REINJECT_RULE = '/^(.+)@(.+)\\.reinject\\.mailpanel\\.invalid$/ ${1}@${2}';
/** Sendmail's `%1` taken apart: the local part before the first "+" after the first character. */
export const DETAIL_PATTERN = '(\\+[^@]*)?';
/**
 * A customer's `prefix%1` catch-all (lib/mail/tenancy.ts: the fall-through to the owner's names) is the
 * hash line `@d  @tag` + this suffix: Postfix's `@d → @other` result keeps the local part as sent,
 * case and +detail (measured, even with propagate_unmatched_extensions = canonical), and one regexp rule
 * (TENANT_RULE) turns `user+detail@tag.tenant.mailpanel.invalid` into the local name `tag-user`: the
 * detail dropped at the first "+" after the first character, as sendmail's `%1` (POSIX leftmost-longest:
 * `(.[^+@]*)` stops at that "+", `[^@]*` takes the rest). A hash catch-all keeps every
 * domain's lookups O(1); a regexp catch-all per domain would make each lookup scan every domain.
 */
export const TENANT_SUFFIX = '.tenant.mailpanel.invalid';
export const TENANT_RULE = '/^(.[^+@]*)[^@]*@([a-z0-9]+)\\.tenant\\.mailpanel\\.invalid$/ ${2}-${1}@localhost';
/** What `recipients` says of a name's address on a domain that takes the owner's names (the value is not read). */
export const OWNER_NAME_VALUE = 'name';
export const PERCENT1_PATTERN = `(.[^+@]*)${DETAIL_PATTERN}`;

/**
 * The seven files for a snapshot, and with `options.shards` the shards (a host with owners, version 2, is rendered as its host view:
 * lib/mail/tenancy.ts). Throws PostfixRenderError on a value it cannot write safely.
 */
export function renderPostfix(given: MailSnapshot, options: PostfixRenderOptions = {}): PostfixFiles {
  return drain(renderPostfixSteps(given, options));
}

/**
 * renderPostfix, handing over each file as soon as its text is final when the host is rendered whole:
 * `domains` and `aliases` first, with shards each shard's maps as its domains are made, `virtual.regexp`
 * last (lib/mailmaps/render-reuse.ts, renderedMemoSteps). Returns every file, as renderPostfix does.
 */
export function* renderPostfixSteps(given: MailSnapshot, options: PostfixRenderOptions = {}): Generator<RenderStep, PostfixFiles, void> {
  const shards = options.shards ?? 1;
  const memo = yield* renderedMemoSteps(
    memos,
    given,
    (g) => wholeMemoSteps(g, shards),
    (g, change) => patchedMemo(g, change, shards),
  );
  // The same snapshot asked for with another layout: the pieces stay, the files are joined again.
  return memo.shards === shards ? memo.files : withFiles(resharded(memo, shards)).files;
}

/** One domain's lines in each file (each line ends in "\n"), as the loop over domains writes them. */
interface DomainPart {
  virtual: string;
  regexp: string;
  transport: string;
  recipients: string;
  access: string;
  tenantRule: boolean;
}

/**
 * A render's pieces (lib/mailmaps/render-reuse.ts): each domain's lines and what its verdicts read of the
 * index (other domains, names, name prefixes), and who reads each of those; each name's and alias's line.
 */
interface PostfixMemo {
  /** The files, a new object each render (a caller may keep the older one). */
  files: PostfixFiles;
  /** Files (or shards) whose pieces changed since `files` was made: the others are the same strings again. */
  dirty: Set<string>;
  shards: number;
  /** The domains of each shard, in order (all of them in one list without shards). */
  byShard: string[][];
  tenant: boolean;
  domains: string[];
  domainsFile: string;
  lists: Map<string, SnapshotVirtmap[]>;
  ix: RcptIndex;
  parts: Map<string, DomainPart>;
  /** How many domains' catch-all is a customer's `prefix%1` (TENANT_RULE is written while any is). */
  tenantRules: number;
  /** Each domain's reads of the index (READ_DOMAIN, READ_NAME, READ_PREFIX and the key), and each key's readers. */
  reads: Map<string, string[]>;
  readers: Map<string, string | Set<string>>;
  /** Where one domain's lookups are recorded while its lines are made (emptied after each). */
  scratch: RcptReads;
  names: SortedBlocks;
  accountCounts: Map<string, number>;
  aliasCounts: Map<string, number>;
  aliases: SortedBlocks;
}

const memos = new WeakMap<MailSnapshot, PostfixMemo>();

function* wholeMemoSteps(given: MailSnapshot, shards: number): Generator<RenderStep, PostfixMemo, void> {
  // On a host with owners a bare name would answer at every domain (local_recipient_maps tries `user`
  // for each local domain): names are listed as `name@localhost` and each domain lists its own.
  const tenant = isTenantSnapshot(given);
  const snapshot = hostView(given);
  const domains = checkedDomains(snapshot.domains);
  const lists = checkedVirtmaps(domains, snapshot.virtmaps);
  const memo: PostfixMemo = resharded(
    {
      files: {} as PostfixFiles,
      dirty: new Set(),
      shards,
      byShard: [],
      tenant,
      domains,
      domainsFile: linesText(domains.map((d) => `${d}\tlocal`)),
      lists,
      ix: rcptIndex(lists, snapshot, tenant),
      parts: new Map(),
      tenantRules: 0,
      reads: new Map(),
      readers: new Map(),
      scratch: { domains: new Set(), names: new Set(), prefixes: new Set() },
      names: new SortedBlocks(),
      accountCounts: checkedAccounts(snapshot.accounts),
      aliasCounts: checkedAliases(snapshot.aliases),
      aliases: new SortedBlocks(),
    },
    shards,
  );
  memo.names = SortedBlocks.of([...new Set([...memo.accountCounts.keys(), ...memo.aliasCounts.keys()])].map((n) => nameBlock(memo, n)));
  memo.aliases = SortedBlocks.of(snapshot.aliases.map((alias) => aliasBlock(alias, lists)));
  // Each file as soon as no domain still to be made has lines in it: what reads no domain's lines first,
  // then the shards one by one (their domains made just before), the one-file maps and the regexp last.
  const texts = new Map<string, string>();
  function* final(name: string): Generator<RenderStep, void, void> {
    const text = fileText(memo, name);
    texts.set(name, text);
    yield [name, text];
  }
  yield* final('domains');
  yield* final('aliases');
  if (shards > 1) for (const base of POSTFIX_SHARDED_FILES) yield* final(base);
  for (const [i, shard] of memo.byShard.entries()) {
    for (const [j, domain] of shard.entries()) {
      renderDomain(memo, domain);
      if (j % RENDER_SLICE === RENDER_SLICE - 1) yield null;
    }
    if (shards > 1) for (const base of POSTFIX_SHARDED_FILES) yield* final(shardFile(base, i));
  }
  if (shards === 1) for (const base of POSTFIX_SHARDED_FILES) yield* final(base);
  yield* final('virtual.regexp');
  memo.files = Object.fromEntries(fileNames(shards).map((name) => [name, texts.get(name) as string])) as PostfixFiles;
  memo.dirty.clear();
  return memo;
}

/** The memo laid out in `shards` shards, every file to be joined again. */
function resharded(memo: PostfixMemo, shards: number): PostfixMemo {
  memo.shards = shards;
  memo.byShard = shardDomains(memo.domains, shards);
  memo.files = {} as PostfixFiles;
  memo.dirty = new Set(fileNames(shards));
  return memo;
}

/** Every file of the layout: the seven, then each sharded map's shards. */
function fileNames(shards: number): string[] {
  return [...POSTFIX_FILES, ...POSTFIX_SHARDED_FILES.flatMap((base) => shardFiles(base, shards))];
}

/** The file that holds `domain`'s lines of a sharded map. */
function fileOf(memo: PostfixMemo, base: ShardedFile, domain: string): string {
  return memo.shards > 1 ? shardFile(base, shardOf(domain, memo.shards)) : base;
}

/**
 * The memo of the snapshot patched from, with made again: the touched domains' lines, the lines of every
 * domain whose verdicts read a touched domain or name, the touched names' lines and aliases (every alias
 * that names a touched domain when the set of local domains changed).
 */
function patchedMemo(given: MailSnapshot, change: RenderChange<PostfixMemo>, shards: number): PostfixMemo {
  const { memo } = change;
  if (memo.shards !== shards) throw new Error('another layout: rendered whole');
  const moved = given.domains !== change.from.domains;
  if (moved) {
    memo.domains = checkedDomains(given.domains);
    memo.byShard = shardDomains(memo.domains, shards);
    memo.domainsFile = linesText(memo.domains.map((d) => `${d}\tlocal`));
    memo.dirty.add('domains');
  }
  const lists = checkedVirtmaps(change.after.domains, change.after.virtmaps);
  const again = new Set<string>();
  for (const d of change.domains) {
    const list = lists.get(d);
    if (list) {
      memo.lists.set(d, list);
      memo.ix.domains.set(d, domainKeys(list));
      again.add(d);
    } else {
      memo.lists.delete(d);
      memo.ix.domains.delete(d);
      forget(memo, d);
      setPart(memo, d, undefined);
    }
    for (const reader of readersOf(memo, `${READ_DOMAIN}${d}`)) again.add(reader);
  }
  for (const account of change.after.accounts)
    if (!isSafeName(account.name)) fail(`account name ${JSON.stringify(account.name)} is not a safe name`);
  patchCounts(memo.accountCounts, change.before.accounts, change.after.accounts);
  patchCounts(memo.aliasCounts, change.before.aliases, change.after.aliases);
  for (const name of change.names) {
    const held = memo.accountCounts.has(name) || memo.aliasCounts.has(name);
    setName(memo.ix, name, held);
    memo.names.put(name, held ? nameBlock(memo, name) : undefined);
    memo.dirty.add('recipients');
    for (const reader of readersOf(memo, `${READ_NAME}${name.toLowerCase()}`)) again.add(reader);
    for (const prefix of prefixesOf(name)) for (const reader of readersOf(memo, `${READ_PREFIX}${prefix}`)) again.add(reader);
  }
  for (const d of again) if (memo.lists.has(d)) renderDomain(memo, d);
  for (const alias of change.after.aliases) memo.aliases.put(alias.name, aliasBlock(alias, memo.lists));
  if (change.names.size > 0 || moved) memo.dirty.add('aliases');
  for (const name of change.names) if (!memo.aliasCounts.has(name)) memo.aliases.put(name, undefined);
  // An alias target on a local domain is written another way (REINJECT_SUFFIX): a domain that came or
  // went changes the lines of the aliases that name it.
  if (moved) {
    for (const alias of hostView(given).aliases) {
      if (alias.targets.some((t) => t.kind === 'external' && change.domains.has(t.address.slice(t.address.lastIndexOf('@') + 1))))
        memo.aliases.put(alias.name, aliasBlock(alias, memo.lists));
    }
  }
  return withFiles(memo);
}

/** A domain's lines made (again), with what they read of the index recorded. */
function renderDomain(memo: PostfixMemo, domain: string): void {
  const list = memo.lists.get(domain) ?? [];
  forget(memo, domain);
  const reads = memo.scratch;
  memo.ix.reads = reads;
  try {
    setPart(memo, domain, domainPart(memo.ix, domain, list, memo.tenant));
  } finally {
    memo.ix.reads = undefined;
  }
  reads.domains.delete(domain);
  // One list of keys per domain and one reader kept as itself (most are read by one domain): a Set each
  // was a second and hundreds of megabytes of a million-address host's first render.
  const keys: string[] = [];
  for (const d of reads.domains) keys.push(`${READ_DOMAIN}${d}`);
  for (const n of reads.names) keys.push(`${READ_NAME}${n}`);
  for (const p of reads.prefixes) keys.push(`${READ_PREFIX}${p}`);
  reads.domains.clear();
  reads.names.clear();
  reads.prefixes.clear();
  if (keys.length === 0) return;
  memo.reads.set(domain, keys);
  for (const key of keys) {
    const readers = memo.readers.get(key);
    if (readers === undefined) memo.readers.set(key, domain);
    else if (typeof readers === 'string') memo.readers.set(key, new Set([readers, domain]));
    else readers.add(domain);
  }
}

function setPart(memo: PostfixMemo, domain: string, part: DomainPart | undefined): void {
  const old = memo.parts.get(domain);
  if (old?.tenantRule) memo.tenantRules -= 1;
  if (part?.tenantRule) memo.tenantRules += 1;
  if (old?.tenantRule !== part?.tenantRule) memo.dirty.add('virtual.regexp');
  if (old?.regexp !== part?.regexp) memo.dirty.add('virtual.regexp');
  for (const file of POSTFIX_SHARDED_FILES) if (old?.[file] !== part?.[file]) memo.dirty.add(fileOf(memo, file, domain));
  if (part) memo.parts.set(domain, part);
  else memo.parts.delete(domain);
}

/** A domain's reads taken out of the readers. */
function forget(memo: PostfixMemo, domain: string): void {
  const keys = memo.reads.get(domain);
  if (!keys) return;
  memo.reads.delete(domain);
  for (const key of keys) {
    const readers = memo.readers.get(key);
    if (readers === domain) memo.readers.delete(key);
    else if (typeof readers === 'object') {
      readers.delete(domain);
      if (readers.size === 0) memo.readers.delete(key);
    }
  }
}

/** The domains whose lines read `key` (see renderDomain). */
function readersOf(memo: PostfixMemo, key: string): Iterable<string> {
  const readers = memo.readers.get(key);
  return readers === undefined ? [] : typeof readers === 'string' ? [readers] : readers;
}

const READ_DOMAIN = 'd ';
const READ_NAME = 'n ';
const READ_PREFIX = 'p ';

/** One domain's lines in each file. */
function domainPart(ix: RcptIndex, domain: string, list: SnapshotVirtmap[], tenant: boolean): DomainPart {
  const catchAllVirtmap = list.find((v) => v.localPart === '');
  const catchAll = catchAllVirtmap?.target;
  // `%1` results keep the case of the address as sent, so they are regexp captures. A `%1` catch-all
  // takes the whole domain into regexp: Postfix asks regexp tables with the full address before it
  // strips the +detail or tries `@domain`, so a hash key of that domain would come too late. A
  // customer's `prefix%1` catch-all stays in hash (TENANT_SUFFIX).
  const whole = catchAllVirtmap !== undefined && isPattern(catchAllVirtmap);
  const rules = whole ? list : list.filter(isPattern);
  const rcpt = rcptDomain(ix, domain, tenant);
  // Ten-line sorts per domain, already in the files' order: one sort of a million-line map was a third
  // of a big host's render (measured).
  return {
    virtual: whole
      ? ''
      : sortedText(
          hashDomain(
            list.filter((v) => !isPattern(v)),
            catchAll !== undefined,
            new Set(list.map((v) => v.localPart)),
          ),
        ),
    regexp: rules.length > 0 ? `${regexpDomain(domain, rules)}\n` : '',
    transport: sortedText(transportDomain(domain, list)),
    recipients: sortedText(rcpt.recipients),
    access: sortedText(rcpt.access),
    tenantRule: catchAllVirtmap !== undefined && tenantCatchAll(catchAllVirtmap),
  };
}

/** The files, each joined again only where its pieces changed (else the same string as before). */
function withFiles(memo: PostfixMemo): PostfixMemo {
  // A file whose pieces did not change is the same string as before: joining a 50 MB map again was most
  // of a one-line change's render (and with shards only the changed shard is joined).
  const files: Record<string, string> = {};
  for (const name of fileNames(memo.shards)) files[name] = memo.dirty.has(name) ? fileText(memo, name) : (memo.files[name] as string);
  memo.files = files as PostfixFiles;
  memo.dirty.clear();
  return memo;
}

/** One file's text from the memo's pieces: a sharded map's base holds its host-wide lines, and every domain's lines without shards. */
function fileText(memo: PostfixMemo, name: string): string {
  const parts = (domains: readonly string[]) => domains.map((d) => memo.parts.get(d) as DomainPart);
  const base = shardBase(name);
  if (base !== name) {
    const index = shardFiles(base, memo.shards).indexOf(name);
    return mapText(base as ShardedFile, '', parts(memo.byShard[index] as string[]));
  }
  const baseParts = parts(memo.shards > 1 ? [] : memo.domains);
  switch (name as PostfixFileName) {
    case 'domains':
      return POSTFIX_HEADER + memo.domainsFile;
    case 'virtual.regexp':
      return regexpText(memo.tenantRules > 0, parts(memo.domains));
    case 'aliases':
      return POSTFIX_HEADER + memo.aliases.text();
    case 'recipients':
      return mapText('recipients', memo.names.text(), baseParts);
    default:
      return mapText(name as ShardedFile, hostWideLines(name as FixedBase), baseParts);
  }
}

/** A sharded map's text: its host-wide lines (the base's; a shard has none) and these domains' lines, in order. */
function mapText(file: ShardedFile, hostWide: string, parts: readonly DomainPart[]): string {
  return POSTFIX_HEADER + hostWide + parts.map((p) => p[file]).join('');
}

type FixedBase = Exclude<ShardedFile, 'recipients'>;

/** The fixed host-wide lines of a sharded map's base (`recipients` has the names instead: nameBlock). */
function hostWideLines(file: FixedBase): string {
  if (file === 'access') return `${INTERNAL_DOMAINS_ACCESS}\n`;
  if (file === 'transport') return `${ACCOUNT_DOMAIN}\t${ACCOUNT_SERVICE}:\n`;
  return '';
}

/** `virtual.regexp`: the fixed rules, then every domain's rules in the domains' order. */
function regexpText(tenantRule: boolean, parts: readonly DomainPart[]): string {
  return POSTFIX_HEADER + `${REINJECT_RULE}\n` + (tenantRule ? `${TENANT_RULE}\n` : '') + parts.map((p) => p.regexp).join('');
}

/** The local domains, as a set or as the memo's lists by domain. */
type LocalDomains = Pick<ReadonlySet<string>, 'has'>;

const sortedText = (lines: string[]) => linesText(lines.sort(compareText));

function checkedDomains(domains: readonly string[]): string[] {
  for (const d of domains) {
    if (!isSafeDomain(d)) fail(`domain ${JSON.stringify(d)} is not a lower-case A-label`);
    checkedNotInternal(d);
  }
  const twice = duplicates([...domains]);
  if (twice.length > 0) fail(`domain listed twice: ${twice.join(', ')}`);
  return [...domains].sort(compareText);
}

/**
 * The virtmaps of each local domain (others are never rendered), checked, with no key twice. sendmail's
 * wildcard keys have no Postfix lookup: they are left out, as the tracer's Postfix answer says
 * (lib/mail/flavor-rules.ts); a Postfix host refuses new ones.
 */
function checkedVirtmaps(domains: readonly string[], virtmaps: readonly SnapshotVirtmap[]): Map<string, SnapshotVirtmap[]> {
  const byDomain = new Map<string, SnapshotVirtmap[]>(domains.map((d) => [d, []]));
  for (const v of virtmaps) {
    const list = byDomain.get(v.domain);
    if (!list || isWildcardKey(v.localPart)) continue;
    if (!isSafeVirtmapLocalPart(v.localPart)) fail(`virtmap key ${JSON.stringify(v.localPart)} is not a safe local part`);
    checkedTarget(v.target);
    list.push(v);
  }
  // Per domain: small sets, not one of a million keys (measured: a second of a big host's render).
  const twice = [...byDomain].flatMap(([domain, list]) => duplicates(list.map((v) => v.localPart)).map((local) => `${local}@${domain}`));
  if (twice.length > 0) fail(`virtmap key listed twice: ${twice.join(', ')}`);
  return byDomain;
}

/** The renderer's own domains (see ACCOUNT_DOMAIN, REINJECT_SUFFIX) are never a panel domain or target. */
function checkedNotInternal(domain: string): string {
  if (domain === 'mailpanel.invalid' || domain.endsWith('.mailpanel.invalid')) fail(`domain ${domain} is reserved by the renderer`);
  return domain;
}

function checkedAddress(address: string): string {
  checkedNotInternal(checkedExternal(address).slice(address.lastIndexOf('@') + 1));
  return address;
}

function checkedTarget(target: VirtmapTarget): void {
  switch (target.kind) {
    case 'local':
      if (!isSafeName(target.name)) fail(`virtmap target ${JSON.stringify(target.name)} is not a safe name`);
      if (target.detail !== undefined && (target.keepDetail || !isSafeName(target.detail)))
        fail(`virtmap target detail ${JSON.stringify(target.detail)} is not a safe name`);
      return;
    case 'external':
      checkedAddress(target.address);
      return;
    case 'domainRedirect':
      if (!isSafeDomain(target.domain)) fail(`redirect domain ${JSON.stringify(target.domain)} is not a lower-case A-label`);
      checkedNotInternal(target.domain);
      return;
    case 'localPart':
      if (target.prefix !== undefined && !OWNER_TAG.test(target.prefix.slice(0, -1)))
        fail(`%1 prefix ${JSON.stringify(target.prefix)} is not a customer's tag and "-"`);
      if (target.prefix !== undefined && !target.prefix.endsWith('-'))
        fail(`%1 prefix ${JSON.stringify(target.prefix)} does not end in "-"`);
      return;
    case 'reject':
      if (!isRejectCode(target.code)) fail(`unknown rejection code ${JSON.stringify(target.code)}`);
      checkedRejectText(target.text);
      return;
    default:
      fail(`unknown virtmap target ${JSON.stringify(target)}`);
  }
}

/** A virtmap result that is a fixed string: a local name (maybe `name+detail`) or an address. */
function staticResult(target: VirtmapTarget): string | undefined {
  if (target.kind === 'local') return `${target.name}${target.detail !== undefined ? `+${target.detail}` : ''}@${LOCAL_NAME_DOMAIN}`;
  if (target.kind === 'external') return target.address;
  return undefined;
}

/** `result` with `detail` (a regexp's `${2}`) after its local part: sendmail's `name%3`, `x%3@e`. */
const withDetail = (result: string, detail: string) => {
  const at = result.lastIndexOf('@');
  return `${result.slice(0, at)}${detail}${result.slice(at)}`;
};

/** A catch-all `@d → prefix%1` (a customer's fall-through to its own names): see TENANT_SUFFIX. */
function tenantCatchAll(v: SnapshotVirtmap): v is SnapshotVirtmap & { target: { kind: 'localPart'; prefix: string } } {
  // Not with `%3`: TENANT_RULE drops the detail, so a customer's `%1%3` catch-all is a regexp rule of its own.
  return (
    v.localPart === '' && v.target.kind === 'localPart' && v.target.prefix !== undefined && v.target.prefix !== '' && !v.target.keepDetail
  );
}

/** `@tag.tenant.mailpanel.invalid` for the prefix `tag-`. */
const tenantResult = (prefix: string) => `@${prefix.slice(0, -1)}${TENANT_SUFFIX}`;

/**
 * A virtmap written as a regexp rule: its result is a capture of the address (`%1`, `%1@e`, or any target
 * with `%3`: a hash result never carries the detail, propagate_unmatched_extensions = canonical).
 */
const isPattern = (v: SnapshotVirtmap) =>
  (v.target.kind === 'localPart' && !tenantCatchAll(v)) || v.target.kind === 'domainRedirect' || passesDetail(v.target);

/** The hash entries of a domain: keys and catch-alls whose result is a fixed string. */
function hashDomain(list: SnapshotVirtmap[], hasCatchAll: boolean, keys: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const v of list) {
    const key = `${v.localPart}@${v.domain}`;
    const result = tenantCatchAll(v) ? tenantResult(v.target.prefix) : staticResult(v.target);
    if (result !== undefined) lines.push(`${key}\t${result}`);
    // A rejected key must not fall to the catch-all, nor `joe+news@d` to `joe@d` (reached after RCPT, e.g.
    // through `%3`): an identity entry ends the lookup (Postfix keeps an address that maps to itself), and
    // transport then bounces it.
    else if (v.target.kind === 'reject' && v.localPart !== '' && (hasCatchAll || keys.has(splitDetail(v.localPart).user)))
      lines.push(`${key}\t${key}`);
  }
  return lines;
}

export const escapeRegexp = (text: string) => text.replace(/[.+]/g, (c) => `\\${c}`);

/**
 * A domain with a `%1` or `%1@other` catch-all, written whole as regexp rules in sendmail's order: keys
 * with a literal +detail, plain keys (with any +detail), then the catch-all. Postfix asks regexp tables
 * with the full address before it strips the detail or tries `@domain`, so no key of such a domain may
 * stay in the hash map.
 */
function regexpDomain(domain: string, list: SnapshotVirtmap[]): string {
  const at = `@${escapeRegexp(domain)}$/`;
  const rules: Array<[number, string, string]> = [];
  for (const v of list) {
    const literal = v.localPart.includes('+');
    const rank = v.localPart === '' ? 2 : literal ? 0 : 1;
    const local = escapeRegexp(v.localPart);
    const capture = v.localPart === '' ? PERCENT1_PATTERN : literal ? `(${local})` : `(${local})${DETAIL_PATTERN}`;
    const pattern = v.localPart === '' ? capture : literal ? local : `${local}${DETAIL_PATTERN}`;
    // `%3`: the capture's second group, the "+detail" as sent (none for a literal key: an exact match
    // passes nothing on).
    const p3 = passesDetail(v.target) && !literal ? '${2}' : '';
    const result = staticResult(v.target);
    if (result !== undefined && p3) rules.push([rank, v.localPart, `/^${capture}${at} ${withDetail(result, p3)}`]);
    else if (result !== undefined) rules.push([rank, v.localPart, `/^${pattern}${at} ${result}`]);
    else if (v.target.kind === 'reject') rules.push([rank, v.localPart, `/^${pattern}${at} ${v.localPart}@${domain}`]);
    else if (v.target.kind === 'localPart')
      rules.push([rank, v.localPart, `/^${capture}${at} ${v.target.prefix ?? ''}\${1}${p3}@${LOCAL_NAME_DOMAIN}`]);
    else if (v.target.kind === 'domainRedirect') rules.push([rank, v.localPart, `/^${capture}${at} \${1}${p3}@${v.target.domain}`]);
  }
  rules.sort((a, b) => a[0] - b[0] || compareText(a[1], b[1]));
  return [`if /@${escapeRegexp(domain)}$/`, ...rules.map((r) => r[2]), 'endif'].join('\n');
}

/** Rejections for mail that never sees RCPT (alias expansion, chains): error(8) bounces, retry defers. */
function transportDomain(domain: string, list: SnapshotVirtmap[]): string[] {
  const lines: string[] = [];
  const catchAll = list.find((v) => v.localPart === '')?.target;
  for (const v of list) {
    const key = v.localPart === '' ? domain : `${v.localPart}@${domain}`;
    if (v.target.kind === 'reject') lines.push(`${key}\t${transportReject(v.target)}`);
    // smtpd resolves the address too, and refuses one whose transport is error(8): a key with its own
    // route must not fall to the domain's error, nor `joe+news@d` to the error of `joe@d` (":" = no change).
    else if (catchAll?.kind === 'reject' || v.localPart.includes('+')) lines.push(`${key}\t:`);
  }
  return lines;
}

function transportReject(target: Extract<VirtmapTarget, { kind: 'reject' }>): string {
  const { status } = rejectStatus(target.code);
  return `${isTemporaryReject(target.code) ? 'retry' : 'error'}:${status} ${target.text}`;
}

const replyText = (reply: Reply) => `${reply.code} ${reply.status} ${reply.text}`;

/**
 * The RCPT-time verdicts for one domain (see postfix-rcpt.ts): accepted addresses and refusals. When
 * "any other local part" means "one of the names" and the names are not bare in `recipients` (a
 * customer's `prefix%1`, or any domain of a host with owners), each such name is listed at the domain
 * and every other local part refused in `access` — else the host's own recipient maps (passwd: root,
 * daemon…) would answer for it, which sendmail refuses (`prefix%1` makes it `ta-root`, unknown).
 */
function rcptDomain(ix: RcptIndex, domain: string, tenant: boolean): { recipients: string[]; access: string[] } {
  const recipients: string[] = [];
  const access: string[] = [];
  const fallback = domainDefault(ix, domain);
  const names = typeof fallback === 'object' && 'names' in fallback ? fallback.names : undefined;
  const listed = names !== undefined && (tenant || names !== '');
  const refusing = (fallback !== 'accept' && names === undefined) || listed;
  const decisive = decisiveLocalParts(ix, domain);
  for (const local of decisive) {
    const outcome = addressOutcome(ix, local, domain);
    if (outcome !== 'accept') access.push(`${local}@${domain}\t${replyText(outcome)}`);
    else {
      recipients.push(`${local}@${domain}\tvirtmap`);
      // DUNNO ends the access lookup before `d` (a refusing catch-all) or `joe@d` (for `joe+news@d`).
      if (refusing || local.includes('+')) access.push(`${local}@${domain}\tDUNNO`);
    }
  }
  if (listed) {
    const keys = new Set(decisive);
    for (const local of localsWithPrefix(ix, names)) {
      if (keys.has(local)) continue;
      recipients.push(`${local}@${domain}\t${OWNER_NAME_VALUE}`);
      access.push(`${local}@${domain}\tDUNNO`);
    }
  }
  if (fallback === 'accept') recipients.push(`@${domain}\tcatch-all`);
  else if (refusing) access.push(`${domain}\t${replyText(typeof fallback === 'object' && 'code' in fallback ? fallback : UNKNOWN_USER)}`);
  return { recipients, access };
}

/** The accounts' names, checked: each safe and held once. */
function checkedAccounts(accounts: readonly SnapshotAccount[]): Map<string, number> {
  for (const { name } of accounts) if (!isSafeName(name)) fail(`account name ${JSON.stringify(name)} is not a safe name`);
  const twice = duplicates(accounts.map((a) => a.name));
  if (twice.length > 0) fail(`account listed twice: ${twice.join(', ')}`);
  return countNames(accounts);
}

function checkedAliases(aliases: readonly SnapshotAlias[]): Map<string, number> {
  const twice = duplicates(aliases.map((a) => a.name));
  if (twice.length > 0) fail(`alias listed twice: ${twice.join(', ')}`);
  return countNames(aliases);
}

type NameCounts = Pick<PostfixMemo, 'accountCounts' | 'aliasCounts' | 'tenant'>;

/** A name's line: bare (a classic host: they answer at every domain without a catch-all) or at localhost. */
function nameBlock(memo: NameCounts, name: string): { key: string; sort: string; text: string } {
  const what = [...(memo.accountCounts.has(name) ? ['account'] : []), ...(memo.aliasCounts.has(name) ? ['alias'] : [])];
  const line = `${name}${memo.tenant ? `@${LOCAL_NAME_DOMAIN}` : ''}\t${what.join(' ')}`;
  return { key: name, sort: line, text: `${line}\n` };
}

function aliasBlock(alias: SnapshotAlias, local: LocalDomains): { key: string; sort: string; text: string } {
  if (!isSafeName(alias.name)) fail(`alias name ${JSON.stringify(alias.name)} is not a safe name`);
  if (alias.targets.length === 0) fail(`alias ${alias.name} has no target`);
  const line = `${alias.name}: ${alias.targets.map((t) => aliasTarget(t, local)).join(', ')}`;
  return { key: alias.name, sort: line, text: `${line}\n` };
}

/** One alias target in postalias's words; see REINJECT_SUFFIX and ACCOUNT_DOMAIN. */
export function aliasTarget(target: AliasTarget, local: LocalDomains): string {
  if (target.kind === 'external') {
    const address = checkedAddress(target.address);
    const domain = address.slice(address.lastIndexOf('@') + 1);
    return local.has(domain) ? `${address}${REINJECT_SUFFIX}` : address;
  }
  // local(8) writes the copy to the file (allow_mail_to_files keeps its default, "alias, forward").
  if (target.kind === 'discard') return DISCARD_TARGET;
  if (!isSafeName(target.name)) fail(`alias target ${JSON.stringify(target.name)} is not a safe name`);
  if (target.kind === 'account') return `${target.name}@${ACCOUNT_DOMAIN}`;
  if (target.detail === undefined) return target.name;
  // local(8) looks `name+detail` up in aliases, then `name` (recipient_delimiter), as sendmail does.
  if (!isSafeName(target.detail)) fail(`alias target detail ${JSON.stringify(target.detail)} is not a safe name`);
  return `${target.name}+${target.detail}`;
}

// A render shard by shard (lib/sync/render-in-shards.ts): the host read from PostgreSQL in parts instead
// of whole (docs/decisions/0011, step 5). The same pieces as the whole render, made by the same functions:
// the files that read no domain's virtmaps from the host without them, then each domain's lines from a
// part of the host that holds every domain those lines read (their reads, as renderDomain records them).

/** What the verdicts look names up in: every name of the host view, and their groups by prefix once made. */
export interface PostfixNames {
  names: Set<string>;
  byPrefix?: Map<string, string[]>;
}

/** The lines of one domain in each map: what a render shard by shard keeps of it until its file is joined. */
export type PostfixDomainLines = DomainPart;

/** The files that read no domain's virtmaps, the host's domains and names, from a host without its virtmaps. */
export interface PostfixHostWide {
  /** `domains`, `aliases`, and with shards the bases of the sharded maps. */
  files: Record<string, string>;
  /** Every domain of the host, in the files' order. */
  domains: string[];
  names: PostfixNames;
  /** `recipients`' host-wide lines (the names). */
  nameLines: string;
}

export function postfixHostWide(given: MailSnapshot, shards: number): PostfixHostWide {
  const tenant = isTenantSnapshot(given);
  const view = hostView(given);
  const domains = checkedDomains(view.domains);
  const accountCounts = checkedAccounts(view.accounts);
  const aliasCounts = checkedAliases(view.aliases);
  const names = new Set([...accountCounts.keys(), ...aliasCounts.keys()]);
  const nameLines = SortedBlocks.of([...names].map((n) => nameBlock({ accountCounts, aliasCounts, tenant }, n))).text();
  const local = new Set(domains);
  const files: Record<string, string> = {
    domains: POSTFIX_HEADER + linesText(domains.map((d) => `${d}\tlocal`)),
    aliases: POSTFIX_HEADER + SortedBlocks.of(view.aliases.map((alias) => aliasBlock(alias, local))).text(),
  };
  const hostWide: PostfixHostWide = { files, domains, names: { names }, nameLines };
  if (shards > 1) Object.assign(files, postfixMapFiles(hostWide, shards, null, []));
  return hostWide;
}

/**
 * The lines of `domains`, made on `part` (a part of the host holding them with every virtmap) with the
 * host's names, and every domain they read: a domain of the host that `part` lacks among those makes the
 * lines wrong until it is loaded too (lib/sync/render-in-shards.ts loads it and asks again).
 */
export function postfixDomainLines(
  part: MailSnapshot,
  names: PostfixNames,
  domains: readonly string[],
): { lines: Map<string, PostfixDomainLines>; read: Set<string> } {
  const tenant = isTenantSnapshot(part);
  const view = hostView(part);
  const lists = checkedVirtmaps(checkedDomains(view.domains), view.virtmaps);
  const reads: RcptReads = { domains: new Set(), names: new Set(), prefixes: new Set() };
  const ix: RcptIndex = { names: names.names, domains: new Map(), reservedAccepted: tenant, reads };
  if (names.byPrefix) ix.byPrefix = names.byPrefix;
  for (const [d, list] of lists) ix.domains.set(d, domainKeys(list));
  const lines = new Map<string, PostfixDomainLines>();
  for (const d of domains) lines.set(d, domainPart(ix, d, lists.get(d) ?? [], tenant));
  // Made once per host: the groups of a million names by prefix.
  if (ix.byPrefix) names.byPrefix = ix.byPrefix;
  return { lines, read: reads.domains };
}

/**
 * The sharded maps' files for one shard's domains' lines (`index`), or for the bases (`null`: with
 * shards their host-wide lines only; without, every domain's lines, in order).
 */
export function postfixMapFiles(
  hostWide: Pick<PostfixHostWide, 'nameLines'>,
  shards: number,
  index: number | null,
  lines: readonly PostfixDomainLines[],
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const base of POSTFIX_SHARDED_FILES) {
    if (index !== null) files[shardFile(base, index)] = mapText(base, '', lines);
    else files[base] = mapText(base, base === 'recipients' ? hostWide.nameLines : hostWideLines(base), shards > 1 ? [] : lines);
  }
  return files;
}

/** `virtual.regexp` from every domain's lines, in the domains' order (only those with rules are needed). */
export function postfixRegexpFile(lines: readonly PostfixDomainLines[]): string {
  return regexpText(
    lines.some((p) => p.tenantRule),
    lines,
  );
}
