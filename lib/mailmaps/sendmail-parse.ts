import { parseSendmailErrorCode } from '../mail/reject-codes';
import type { AliasTarget, MailSnapshot, SnapshotAlias, SnapshotVirtmap, VirtmapTarget } from '../mail/snapshot';
import { DISCARD_TARGET, formatAliasTarget, localNameTarget } from '../mail/targets';
import { hostView } from '../mail/tenancy';
import { compareText } from './common';
import { compareVirtmaps, type SendmailFiles } from './sendmail';

// Reads the sendmail files back the way sendmail's own tools read them (DOMAIN.md, "How the map tools read
// files"), into the panel's terms. Used to prove that rendering round-trips (parse(render(s)) equals what
// the files should hold of s) and to read files written by hand. Anything the panel cannot represent — a
// program, file or :include: target, a comma list in virtusertable, a key that makemap would refuse — is
// an error naming the file and line, never silently dropped.

/** What the sendmail files hold of a snapshot (accounts are just names: no password, no quota). */
export interface SendmailMaps {
  domains: string[];
  accounts: string[];
  aliases: SnapshotAlias[];
  virtmaps: SnapshotVirtmap[];
}

export class SendmailParseError extends Error {
  override name = 'SendmailParseError';
}

/** Parses all four files (see SENDMAIL_FILES); the result is in the canonical order of `sendmailView`. */
export function parseSendmail(files: SendmailFiles): SendmailMaps {
  return {
    domains: parseLocalHostNames(files['local-host-names']),
    accounts: parseAccounts(files.accounts),
    aliases: parseAliases(files.aliases),
    virtmaps: parseVirtusertable(files.virtusertable),
  };
}

/**
 * What the rendered files of `snapshot` hold, in canonical order: compare with `parseSendmail`. For a host
 * with owners that is its host view (host-level names, the implicit virtmaps as plain ones), as rendered.
 */
export function sendmailView(given: MailSnapshot): SendmailMaps {
  const snapshot = hostView(given);
  const held = new Set(snapshot.domains);
  return {
    domains: [...snapshot.domains].sort(compareText),
    accounts: snapshot.accounts.map((account) => account.name).sort(compareText),
    aliases: snapshot.aliases
      .map((alias) => ({ name: alias.name, targets: sortTargets(alias.targets) }))
      .sort((a, b) => compareText(a.name, b.name)),
    virtmaps: snapshot.virtmaps
      .filter((virtmap) => held.has(virtmap.domain))
      .map((virtmap) => ({ domain: virtmap.domain, localPart: virtmap.localPart, target: virtmap.target }))
      .sort(compareVirtmaps),
  };
}

/** local-host-names as `F{w}FILE %[^#]` reads it: text before "#", split on whitespace, case folded. */
export function parseLocalHostNames(text: string): string[] {
  const words = lines('local-host-names', text).flatMap(({ line }) => line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean));
  return [...new Set(words.map((word) => word.toLowerCase()))].sort(compareText);
}

/** The accounts map (`name<TAB>name`), read as makemap reads it. */
export function parseAccounts(text: string): string[] {
  return makemapEntries('accounts', text)
    .map(({ key, value, where }) => {
      if (value !== key) fail(`accounts ${where}: value ${JSON.stringify(value)} is not the account name "${key}"`);
      return key;
    })
    .sort(compareText);
}

/** virtusertable as makemap and FEATURE(virtusertable) read it. */
export function parseVirtusertable(text: string): SnapshotVirtmap[] {
  return makemapEntries('virtusertable', text)
    .map(({ key, value, where }) => {
      const at = key.lastIndexOf('@');
      if (at < 0) fail(`virtusertable ${where}: key "${key}" has no "@" (a bare user key applies to every domain)`);
      return { domain: key.slice(at + 1), localPart: key.slice(0, at), target: parseVirtmapTarget(value, where) };
    })
    .sort(compareVirtmaps);
}

/** An aliases file as newaliases reads it: continuation lines start with whitespace; names fold case. */
export function parseAliases(text: string): SnapshotAlias[] {
  const entries: { name: string; value: string; where: string }[] = [];
  for (const { line, where } of lines('aliases', text)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const last = entries.at(-1);
    if (/^[ \t]/.test(line)) {
      if (!last) fail(`aliases ${where}: continuation line without an alias`);
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) fail(`aliases ${where}: expected "name: target, …"`);
    entries.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1), where });
  }
  const seen = new Set<string>();
  return entries
    .map(({ name, value, where }) => {
      if (seen.has(name)) fail(`aliases ${where}: "${name}" appears twice (newaliases keeps the last)`);
      seen.add(name);
      const targets = value.split(',').map((part) => part.trim());
      if (targets.some((part) => part === '')) fail(`aliases ${where}: "${name}" has an empty target`);
      return { name, targets: sortTargets(targets.map((part) => parseAliasTarget(part, where))) };
    })
    .sort((a, b) => compareText(a.name, b.name));
}

function parseAliasTarget(text: string, where: string): AliasTarget {
  if (text === DISCARD_TARGET) return { kind: 'discard' };
  if (/^["|/]|^:include:/i.test(text)) fail(`aliases ${where}: program, file and :include: targets are not supported (${text})`);
  if (text.startsWith('\\')) return { kind: 'account', name: text.slice(1).toLowerCase() };
  if (text.includes('@')) return { kind: 'external', address: text };
  return localNameTarget(text.toLowerCase());
}

function parseVirtmapTarget(value: string, where: string): VirtmapTarget {
  const error = /^error:(\S+) (.*)$/.exec(value);
  const code = error && parseSendmailErrorCode(error[1] ?? '');
  if (error && code?.ok) return { kind: 'reject', code: code.value, text: error[2] ?? '' };
  if (value.startsWith('error:')) fail(`virtusertable ${where}: unsupported rejection "${value}"`);
  if (/[\s,]/.test(value)) fail(`virtusertable ${where}: "${value}" is not one target (sendmail answers 553 5.1.3)`);
  // `%3` right after the local part: the address's "+detail" passed on.
  const keep = /^[^%@]*(%1)?%3(@|$)/.test(value);
  const plain = keep ? value.replace('%3', '') : value;
  const kept = keep ? ({ keepDetail: true } as const) : {};
  if (plain === '%1') return { kind: 'localPart', ...kept };
  // A customer's `%1` (lib/mail/tenancy.ts): its tag and "-" before it, `ta-%1`.
  const prefixed = /^([a-z0-9]{1,12}-)%1$/i.exec(plain);
  if (prefixed?.[1]) return { kind: 'localPart', prefix: prefixed[1].toLowerCase(), ...kept };
  if (plain.startsWith('%1@')) return { kind: 'domainRedirect', domain: plain.slice(3).toLowerCase(), ...kept };
  if (plain.includes('%')) fail(`virtusertable ${where}: unsupported substitution in "${value}"`);
  if (plain.includes('@')) return { kind: 'external', address: plain, ...kept };
  return keep ? { kind: 'local', name: plain.toLowerCase(), ...kept } : localNameTarget(plain.toLowerCase());
}

/**
 * Entries of a makemap input: the key ends at the first space or tab and is folded to lower case; the
 * value is the rest after the separating whitespace, trailing spaces kept (makemap keeps them too).
 */
function makemapEntries(file: string, text: string): { key: string; value: string; where: string }[] {
  const seen = new Set<string>();
  const entries: { key: string; value: string; where: string }[] = [];
  for (const { line, where } of lines(file, text)) {
    if (line === '' || line.startsWith('#')) continue;
    if (/^\s/.test(line)) fail(`${file} ${where}: a line starting with whitespace is a makemap syntax error`);
    const match = /^(\S+)[ \t]+(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined || match[2] === '') fail(`${file} ${where}: expected "key<TAB>value"`);
    const key = match[1].toLowerCase();
    if (seen.has(key)) fail(`${file} ${where}: "${key}" appears twice (makemap keeps the first and fails)`);
    seen.add(key);
    entries.push({ key, value: match[2], where });
  }
  return entries;
}

function lines(file: string, text: string): { line: string; where: string }[] {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all.map((line, index) => {
    if (line.includes('\r') || line.includes('\0')) fail(`${file} line ${index + 1}: carriage return or NUL`);
    return { line, where: `line ${index + 1}` };
  });
}

// The order the renderer writes targets in (by their text in the file), without its safety checks.
function sortTargets(targets: readonly AliasTarget[]): AliasTarget[] {
  return [...targets].sort((a, b) => compareText(formatAliasTarget(a), formatAliasTarget(b)));
}

function fail(message: string): never {
  throw new SendmailParseError(`sendmail: ${message}`);
}
