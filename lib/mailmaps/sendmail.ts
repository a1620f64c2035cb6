import { isRejectCode, sendmailErrorCode } from '../mail/reject-codes';
import type { AliasTarget, MailSnapshot, SnapshotVirtmap, VirtmapTarget } from '../mail/snapshot';
import { DISCARD_TARGET } from '../mail/targets';
import { hostView } from '../mail/tenancy';
import { compareText, duplicates, isSafeDomain, isSafeExternalAddress, isSafeName, isSafeVirtmapLocalPart } from './common';
import { shardDomains, shardFile, shardFiles, shardOf } from '../mail/map-shards';
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
import { virtmapsByDomain } from '../mail/virtmap-lookup';

// The sendmail files of one mail host (docs/sendmail.md), rendered from its snapshot:
//   local-host-names  the local domains, one a line           (read as class w: F{w} FILE %[^#])
//   virtusertable     `key<TAB>target`                         (makemap hash virtusertable < virtusertable)
//   aliases           `name: target, target`                   (sendmail -bi / newaliases)
//   accounts          `name<TAB>name`, the local recipients    (makemap hash accounts < accounts)
// `accounts` is this panel's own map: the .mc (sendmail-mc.ts) looks a local name up in it after aliasing
// and hands an account to Dovecot, so accounts are local recipients without being Unix users.
//
// Deterministic: every file is sorted by code point, starts with a fixed comment, ends with "\n", and the
// same snapshot always gives the same bytes (no clock, no host-specific paths). Defensive: a value that
// the tools could read as more than one value (see DOMAIN.md, "How the map tools read files") throws a
// SendmailRenderError instead of being written.
//
// With shards (`options.shards` > 1: lib/mail/map-shards.ts) `virtusertable` holds only the header and
// the shards `virtusertable.00`… the domains' lines; the .mc makes the virtuser map a `sequence` of them.
//
// A host with owners (snapshot version 2) is rendered as its host view (lib/mail/tenancy.ts): names on the
// host are `owner-name`, and each owned domain's fall-through is the catch-all `@d<TAB>owner-%1` (sendmail
// substitutes %1 inside a longer right-hand side; measured, docs/sendmail.md "Tenancy"). A version 1
// snapshot is its own host view, so it renders exactly as before.

export const SENDMAIL_FILES = ['local-host-names', 'virtusertable', 'aliases', 'accounts'] as const;
export type SendmailFileName = (typeof SENDMAIL_FILES)[number];
/** The files by name: the four, and with shards the virtusertable's shards (`virtusertable.00`…). */
export type SendmailFiles = Record<SendmailFileName, string> & Record<string, string>;

export interface SendmailRenderOptions {
  /** Shards of the virtusertable (1, the default: one file). */
  shards?: number;
}

export const SENDMAIL_HEADER = '# Written by mailpanel: every change here is overwritten at the next publish.\n';

export const MAX_REJECT_TEXT = 200;

/**
 * Rejection text as sendmail can carry it in an `error:` target. Measured on sendmail 8.17 (RCPT reply):
 * - it must start with a letter: `error:nouser 250 ok` answers "250 2.0.0 … ok" (the text's leading
 *   digits become the reply code, and a leading `d.d.d` the status);
 * - `(…)` is dropped as a comment, `"` and `\` vanish, `<`/`>` break the text, `%0`…`%3` are replaced by
 *   parts of the address, `$` is a macro character, non-ASCII is mangled: all refused;
 * - spaces collapse to one, and a space next to one of `. , : ; % @ ! ^ / [ ] +` disappears
 *   ("Gone, sorry" answers "Gone,sorry"): allowed here (nothing is injected), see `sendmailReplyText`.
 */
const REJECT_TEXT = /^[A-Za-z][\x20-\x7e]*$/;
const REJECT_FORBIDDEN = /[()"\\<>%$]/;

export class SendmailRenderError extends Error {
  override name = 'SendmailRenderError';
}

/**
 * A `%1` prefix: a customer's tag and "-" (lib/mail/tenancy.ts OWNER_TAG). Narrow on purpose: `%`, `@`,
 * `+` or upper case before `%1` would change what sendmail makes of the local part.
 */
const LOCAL_PART_PREFIX = /^[a-z0-9]{1,12}-$/;

/** The four files for a snapshot (its host view), by file name. Throws SendmailRenderError on a value it cannot write. */
export function renderSendmail(given: MailSnapshot, options: SendmailRenderOptions = {}): SendmailFiles {
  return drain(renderSendmailSteps(given, options));
}

/**
 * renderSendmail, handing over each file as soon as its text is final when the host is rendered whole:
 * `local-host-names`, `aliases` and `accounts` first, then the virtusertable's shards one by one
 * (lib/mailmaps/render-reuse.ts, renderedMemoSteps). Returns every file, as renderSendmail does.
 */
export function* renderSendmailSteps(given: MailSnapshot, options: SendmailRenderOptions = {}): Generator<RenderStep, SendmailFiles, void> {
  const shards = options.shards ?? 1;
  const memo = yield* renderedMemoSteps(memos, given, (g) => wholeMemoSteps(g, shards), patchedMemo);
  if (memo.shards !== shards) {
    // Another layout of the same pieces: every virtusertable file is joined again.
    memo.shards = shards;
    memo.byShard = shardDomains(memo.domains, shards);
    memo.dirty = new Set(['virtusertable', ...shardFiles('virtusertable', shards)]);
    withFiles(memo, false);
  }
  return memo.files;
}

/** A render's pieces (lib/mailmaps/render-reuse.ts): each domain's virtusertable lines, each alias's and account's line. */
interface SendmailMemo {
  /** The files, a new object each render (a caller may keep the older one). */
  files: SendmailFiles;
  hostNames: string;
  domains: string[];
  virtusertable: Map<string, string>;
  shards: number;
  /** The domains of each shard, in order (all of them in one list without shards). */
  byShard: string[][];
  /** The virtusertable files (the base or shards) whose domains' lines changed. */
  dirty: Set<string>;
  aliases: SortedBlocks;
  aliasCounts: Map<string, number>;
  accounts: SortedBlocks;
  accountCounts: Map<string, number>;
}

const memos = new WeakMap<MailSnapshot, SendmailMemo>();

function* wholeMemoSteps(given: MailSnapshot, shards: number): Generator<RenderStep, SendmailMemo, void> {
  const snapshot = hostView(given);
  const domains = checkedDomains(snapshot.domains);
  const byDomain = virtmapsByDomain(snapshot.virtmaps);
  const aliasCounts = checkedOnce(snapshot.aliases, 'alias');
  const accountCounts = checkedOnce(snapshot.accounts, 'account');
  const memo: SendmailMemo = {
    files: { 'local-host-names': '', virtusertable: '', aliases: '', accounts: '' },
    hostNames: render(domains),
    domains,
    virtusertable: new Map(),
    shards,
    byShard: shardDomains(domains, shards),
    dirty: new Set(['virtusertable', ...shardFiles('virtusertable', shards)]),
    aliases: SortedBlocks.of(snapshot.aliases.map(aliasBlock)),
    aliasCounts,
    accounts: SortedBlocks.of(snapshot.accounts.map((a) => accountBlock(a.name))),
    accountCounts,
  };
  // The files that read no domain's keys first, then each shard as its domains' lines are made.
  const texts = fileTexts(memo, true);
  for (const name of ['local-host-names', 'aliases', 'accounts']) yield [name, texts[name] as string];
  const shardNames = shards > 1 ? shardFiles('virtusertable', shards) : ['virtusertable'];
  for (const [i, shard] of memo.byShard.entries()) {
    // Keys for domains the host does not hold are left out: sendmail ignores them anyway, Postfix would
    // not (DOMAIN.md, Postfix difference 2), and a key must mean the same on both.
    for (const [j, d] of shard.entries()) {
      memo.virtusertable.set(d, virtusertableBlock(byDomain.get(d) ?? []));
      if (j % RENDER_SLICE === RENDER_SLICE - 1) yield null;
    }
    const name = shardNames[i] as string;
    texts[name] = joinedVirtusertable(memo, shards > 1 ? shard : memo.domains);
    yield [name, texts[name]];
  }
  if (shards > 1) {
    // With shards the base holds no line: every key belongs to a domain (and so to a shard).
    texts.virtusertable = joinedVirtusertable(memo, []);
    yield ['virtusertable', texts.virtusertable];
  }
  memo.files = texts as SendmailFiles;
  memo.dirty.clear();
  return memo;
}

/** The memo of the snapshot patched from, with the touched domains' and names' pieces made again. */
function patchedMemo(given: MailSnapshot, change: RenderChange<SendmailMemo>): SendmailMemo {
  const { memo } = change;
  if (given.domains !== change.from.domains) {
    memo.domains = checkedDomains(given.domains);
    memo.hostNames = render(memo.domains);
    memo.byShard = shardDomains(memo.domains, memo.shards);
  }
  const byDomain = virtmapsByDomain(change.after.virtmaps);
  const held = new Set(change.after.domains);
  for (const d of change.domains) {
    const block = held.has(d) ? virtusertableBlock(byDomain.get(d) ?? []) : undefined;
    if (block !== memo.virtusertable.get(d))
      memo.dirty.add(memo.shards > 1 ? shardFile('virtusertable', shardOf(d, memo.shards)) : 'virtusertable');
    if (block !== undefined) memo.virtusertable.set(d, block);
    else memo.virtusertable.delete(d);
  }
  patchCounts(memo.aliasCounts, change.before.aliases, change.after.aliases);
  patchCounts(memo.accountCounts, change.before.accounts, change.after.accounts);
  for (const name of change.names) {
    const alias = change.after.aliases.find((a) => a.name === name);
    if (alias) memo.aliases.put(name, aliasBlock(alias));
    else if (!memo.aliasCounts.has(name)) memo.aliases.put(name, undefined);
    if (change.after.accounts.some((a) => a.name === name)) memo.accounts.put(name, accountBlock(name));
    else if (!memo.accountCounts.has(name)) memo.accounts.put(name, undefined);
  }
  return withFiles(memo, change.names.size > 0);
}

/**
 * The files, each made again only where its pieces changed (else the same string as before): the
 * virtusertable files (the base or shards) in `memo.dirty`, the aliases and accounts when `names` changed.
 */
function withFiles(memo: SendmailMemo, names = true): SendmailMemo {
  const before = memo.files;
  const joined = (name: string, domains: readonly string[]) =>
    memo.dirty.has(name) ? joinedVirtusertable(memo, domains) : (before[name] as string);
  const files = fileTexts(memo, names);
  // With shards the base holds no line: every key belongs to a domain (and so to a shard).
  files.virtusertable = joined('virtusertable', memo.shards > 1 ? [] : memo.domains);
  shardFiles('virtusertable', memo.shards).forEach((name, i) => (files[name] = joined(name, memo.byShard[i] as string[])));
  memo.files = files as SendmailFiles;
  memo.dirty.clear();
  return memo;
}

/** The files that read no domain's keys, in the files' order (the virtusertable's place kept for it). */
function fileTexts(memo: SendmailMemo, names: boolean): Record<string, string> {
  return {
    'local-host-names': memo.hostNames,
    virtusertable: '',
    aliases: names ? SENDMAIL_HEADER + memo.aliases.text() : memo.files.aliases,
    accounts: names ? SENDMAIL_HEADER + memo.accounts.text() : memo.files.accounts,
  };
}

/** A virtusertable file: the header and these domains' lines. */
const joinedVirtusertable = (memo: SendmailMemo, domains: readonly string[]) =>
  SENDMAIL_HEADER + domains.map((d) => memo.virtusertable.get(d) ?? '').join('');

/** The text sendmail answers for a rejection text (see REJECT_TEXT): what a trace should show. */
export function sendmailReplyText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ?([.,:;%@!^/[\]+]) ?/g, '$1')
    .trim();
}

/** The right-hand side of a virtusertable line for a target. */
export function virtusertableTarget(target: VirtmapTarget): string {
  // `%3` after the local part passes the address's "+detail" on (DOMAIN.md row 5, proto.m4's `$@ +$2`).
  const p3 = target.kind !== 'reject' && target.keepDetail === true ? '%3' : '';
  switch (target.kind) {
    case 'local':
      if (!isSafeName(target.name)) fail(`virtmap target name ${show(target.name)} is not a safe name`);
      if (target.detail === undefined) return target.name + p3;
      if (p3 || !isSafeName(target.detail)) fail(`virtmap target detail ${show(target.detail)} is not a safe name`);
      return `${target.name}+${target.detail}`;
    case 'external': {
      if (!isSafeExternalAddress(target.address)) fail(`virtmap target ${show(target.address)} is not a safe address`);
      const at = target.address.lastIndexOf('@');
      return target.address.slice(0, at) + p3 + target.address.slice(at);
    }
    case 'domainRedirect':
      if (!isSafeDomain(target.domain)) fail(`virtmap redirect domain ${show(target.domain)} is not a lower-case A-label`);
      return `%1${p3}@${target.domain}`;
    case 'localPart':
      // A customer's `%1` (host view): the local part as one of its names, `ta-%1` → `ta-joe`.
      if (target.prefix === undefined) return `%1${p3}`;
      if (!LOCAL_PART_PREFIX.test(target.prefix)) fail(`%1 prefix ${show(target.prefix)} is not a customer's tag and "-"`);
      return `${target.prefix}%1${p3}`;
    case 'reject':
      // error:nouser answers 553 5.3.0; error:D.D.D:NNN answers NNN D.D.D (lib/mail/reject-codes.ts).
      if (!isRejectCode(target.code)) fail(`unknown rejection code ${show(target.code)}`);
      return `error:${sendmailErrorCode(target.code)} ${checkedRejectText(target.text)}`;
  }
}

/** The form of one alias target in the aliases file: `name`, `\name`, `local@domain` or `/dev/null`. */
export function aliasTargetText(target: AliasTarget): string {
  switch (target.kind) {
    case 'local':
      if (!isSafeName(target.name)) fail(`alias target name ${show(target.name)} is not a safe name`);
      if (target.detail === undefined) return target.name;
      if (!isSafeName(target.detail)) fail(`alias target detail ${show(target.detail)} is not a safe name`);
      return `${target.name}+${target.detail}`;
    case 'account':
      if (!isSafeName(target.name)) fail(`alias target account ${show(target.name)} is not a safe name`);
      return `\\${target.name}`;
    case 'external':
      if (!isSafeExternalAddress(target.address)) fail(`alias target ${show(target.address)} is not a safe address`);
      return target.address;
    case 'discard':
      // The file mailer writes the copy to /dev/null: accepted and thrown away (measured, -bv "mailer *file*").
      return DISCARD_TARGET;
  }
}

/** The order of virtusertable lines: by domain, then local part (the catch-all first). */
export function compareVirtmaps(
  a: Pick<SnapshotVirtmap, 'domain' | 'localPart'>,
  b: Pick<SnapshotVirtmap, 'domain' | 'localPart'>,
): number {
  return compareText(a.domain, b.domain) || compareText(a.localPart, b.localPart);
}

/** The virtusertable key of a virtmap: `local@domain`, or `@domain` for the catch-all. */
export function virtmapKey(virtmap: Pick<SnapshotVirtmap, 'domain' | 'localPart'>): string {
  return `${virtmap.localPart}@${virtmap.domain}`;
}

function checkedDomains(domains: readonly string[]): string[] {
  for (const domain of domains) if (!isSafeDomain(domain)) fail(`domain ${show(domain)} is not a lower-case A-label`);
  const twice = duplicates(domains);
  if (twice.length > 0) fail(`domain ${show(twice[0])} appears twice`);
  return [...domains].sort(compareText);
}

/** One domain's virtusertable lines, by local part. */
function virtusertableBlock(virtmaps: readonly SnapshotVirtmap[]): string {
  const lines = virtmaps
    .map((virtmap) => {
      if (!isSafeVirtmapLocalPart(virtmap.localPart)) fail(`virtmap local part ${show(virtmap.localPart)} is not a safe name`);
      return { virtmap, key: virtmapKey(virtmap), target: virtusertableTarget(virtmap.target) };
    })
    .sort((a, b) => compareVirtmaps(a.virtmap, b.virtmap));
  // makemap keeps the first of two equal keys and exits 65; Postfix keeps the first too: never write two.
  const twice = duplicates(lines.map(({ key }) => key));
  if (twice.length > 0) fail(`virtmap ${show(twice[0])} appears twice`);
  return linesText(lines.map(({ key, target }) => `${key}\t${target}`));
}

/** Each name's count; a name held twice is refused (newaliases keeps the last of two, postalias the first). */
function checkedOnce(list: readonly { name: string }[], what: 'alias' | 'account'): Map<string, number> {
  for (const { name } of list) if (!isSafeName(name)) fail(`${what} name ${show(name)} is not a safe name`);
  const counts = countNames(list);
  for (const [name, n] of counts) if (n > 1) fail(`${what} ${show(name)} appears twice`);
  return counts;
}

// One line an alias. newaliases joins continuation lines, so long lists could be wrapped, but one line
// keeps a diff readable per alias; sendmail reads alias lines of any length (it grows its buffer).
function aliasBlock(alias: MailSnapshot['aliases'][number]): { key: string; sort: string; text: string } {
  if (!isSafeName(alias.name)) fail(`alias name ${show(alias.name)} is not a safe name`);
  if (alias.targets.length === 0) fail(`alias "${alias.name}" has no targets`);
  const targets = alias.targets.map(aliasTargetText).sort(compareText);
  const again = duplicates(targets);
  if (again.length > 0) fail(`alias "${alias.name}" names ${show(again[0])} twice`);
  return { key: alias.name, sort: alias.name, text: `${alias.name}: ${targets.join(', ')}\n` };
}

function accountBlock(name: string): { key: string; sort: string; text: string } {
  if (!isSafeName(name)) fail(`account name ${show(name)} is not a safe name`);
  return { key: name, sort: name, text: `${name}\t${name}\n` };
}

function checkedRejectText(text: string): string {
  if (text.length > MAX_REJECT_TEXT || !REJECT_TEXT.test(text) || REJECT_FORBIDDEN.test(text) || /\s$/.test(text)) {
    fail(
      `rejection text ${show(text)} must start with a letter, be printable ASCII without ( ) " \\ < > % $ and end without a space (at most ${MAX_REJECT_TEXT})`,
    );
  }
  return text;
}

function render(lines: readonly string[]): string {
  return SENDMAIL_HEADER + lines.map((line) => `${line}\n`).join('');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}

function fail(message: string): never {
  throw new SendmailRenderError(`sendmail: ${message}`);
}

// A render shard by shard (lib/sync/render-in-shards.ts): the host read from PostgreSQL in parts instead
// of whole (docs/decisions/0011, step 5), with the whole render's pieces. A domain's virtusertable lines
// read nothing but its own virtmaps (and, in the host view, its owner and strictness).

/** The files that read no domain's virtmaps, and the host's domains in the files' order, from a host without its virtmaps. */
export function sendmailHostWide(given: MailSnapshot): { files: Record<string, string>; domains: string[] } {
  const view = hostView(given);
  const domains = checkedDomains(view.domains);
  checkedOnce(view.aliases, 'alias');
  checkedOnce(view.accounts, 'account');
  return {
    domains,
    files: {
      'local-host-names': render(domains),
      aliases: SENDMAIL_HEADER + SortedBlocks.of(view.aliases.map(aliasBlock)).text(),
      accounts: SENDMAIL_HEADER + SortedBlocks.of(view.accounts.map((a) => accountBlock(a.name))).text(),
    },
  };
}

/** The virtusertable lines of `domains`, made on `part` (a part of the host holding them with every virtmap). */
export function sendmailDomainLines(part: MailSnapshot, domains: readonly string[]): string[] {
  const byDomain = virtmapsByDomain(hostView(part).virtmaps);
  return domains.map((d) => virtusertableBlock(byDomain.get(d) ?? []));
}

/** A virtusertable file (the base or a shard) of these domains' lines, in order. */
export function sendmailVirtusertable(lines: readonly string[]): string {
  return SENDMAIL_HEADER + lines.join('');
}
