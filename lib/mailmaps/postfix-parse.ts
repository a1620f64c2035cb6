import { withoutWildcardKeys } from '../mail/flavor-rules';
import { DISCARD_TARGET, localNameTarget } from '../mail/targets';
import { parseRejectCode, type RejectCode } from '../mail/reject-codes';
import type { AliasTarget, MailSnapshot, SnapshotAlias, SnapshotVirtmap, VirtmapTarget } from '../mail/snapshot';
import { hostView } from '../mail/tenancy';
import { compareText } from './common';
import {
  ACCOUNT_DOMAIN,
  DETAIL_PATTERN,
  escapeRegexp,
  LOCAL_NAME_DOMAIN,
  PERCENT1_PATTERN,
  REINJECT_RULE,
  REINJECT_SUFFIX,
  TENANT_RULE,
  TENANT_SUFFIX,
  type PostfixFiles,
} from './postfix';

// Reads the rendered Postfix files back the way Postfix reads them, so a property test can check that
// render → parse gives the snapshot's routing data again (domains, account and alias names, aliases,
// virtmaps of local domains). Password hashes and quotas are not in Postfix's files (Dovecot's are).
// A host with owners reads back as its host view (lib/mail/tenancy.ts), the panel's implicit virtmaps
// (the fall-through, postmaster@/abuse@) as plain ones: the files do not say who added them.
//
// The table syntax (postmap(1), postalias(1), regexp_table(5)): "#" at the start of a line is a comment,
// a line that starts with whitespace continues the previous one, keys end at whitespace (postalias: at
// ":"), keys are folded to lower case, and a value is the rest of the line without surrounding space.

export interface ParsedPostfix {
  domains: string[];
  accounts: string[];
  aliases: SnapshotAlias[];
  virtmaps: SnapshotVirtmap[];
}

/** The logical lines of a table: comments and blank lines dropped, continuation lines joined. */
export function logicalLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw) || raw.trim() === '') continue;
    if (/^\s/.test(raw) && lines.length > 0) lines[lines.length - 1] += ` ${raw.trim()}`;
    else lines.push(raw.trim());
  }
  return lines;
}

/** A postmap source file as [key, value] pairs (first occurrence of a key wins, as postmap keeps it). */
export function parseHashMap(text: string): Array<[string, string]> {
  const seen = new Set<string>();
  const entries: Array<[string, string]> = [];
  for (const line of logicalLines(text)) {
    const m = /^(\S+)(?:\s+(.*))?$/.exec(line);
    const key = (m?.[1] ?? '').toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push([key, m?.[2] ?? '']);
  }
  return entries;
}

/** A postalias source file: `name: target, target`. */
export function parseAliasFile(text: string): Array<[string, string[]]> {
  return logicalLines(text).map((line) => {
    const colon = line.indexOf(':');
    const targets = line
      .slice(colon + 1)
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    return [line.slice(0, colon).trim().toLowerCase(), targets];
  });
}

/** A regexp table: its rules, each with the domain of the `if` block it sits in. */
export function parseRegexpTable(text: string): Array<{ block?: string; pattern: string; result: string }> {
  const rules: Array<{ block?: string; pattern: string; result: string }> = [];
  let block: string | undefined;
  for (const line of logicalLines(text)) {
    const open = /^if \/@(.+)\$\/$/.exec(line);
    if (open) block = unescape(open[1] ?? '');
    else if (line === 'endif') block = undefined;
    else {
      const m = /^\/(.*)\/\s+(\S+)$/.exec(line);
      rules.push({ ...(block !== undefined ? { block } : {}), pattern: m?.[1] ?? line, result: m?.[2] ?? '' });
    }
  }
  return rules;
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

/** The routing data in a set of rendered files. */
export function parsePostfix(files: PostfixFiles): ParsedPostfix {
  const domains = parseHashMap(files.domains).map(([key]) => key);
  const names = parseHashMap(files.recipients).flatMap(([key, kinds]) => nameEntry(key, kinds.split(' ')));
  const accounts = names.filter(([, kinds]) => kinds.includes('account')).map(([name]) => name);
  const aliases = parseAliasFile(files.aliases).map(([name, targets]) => ({ name, targets: targets.map(aliasTarget) }));
  const virtmaps = [
    ...hashVirtmaps(files.virtual),
    ...regexpVirtmaps(files['virtual.regexp']),
    ...transportVirtmaps(files.transport, files.access),
  ];
  return {
    domains: domains.sort(compareText),
    accounts: accounts.sort(compareText),
    aliases: aliases.sort((a, b) => compareText(a.name, b.name)),
    virtmaps: virtmaps.sort((a, b) => compareText(`${a.domain} ${a.localPart}`, `${b.domain} ${b.localPart}`)),
  };
}

const NAME_KINDS = new Set(['account', 'alias']);
const AT_LOCALHOST = `@${LOCAL_NAME_DOMAIN}`;

/** A name line of `recipients`: bare (a classic host) or `name@localhost` (a host with owners). */
function nameEntry(key: string, kinds: string[]): Array<[string, string[]]> {
  if (!kinds.every((k) => NAME_KINDS.has(k))) return []; // an address a domain accepts
  const name = key.endsWith(AT_LOCALHOST) ? key.slice(0, -AT_LOCALHOST.length) : key;
  return name.includes('@') ? [] : [[name, kinds]];
}

function aliasTarget(text: string): AliasTarget {
  if (text === DISCARD_TARGET) return { kind: 'discard' };
  if (text.endsWith(`@${ACCOUNT_DOMAIN}`)) return { kind: 'account', name: text.slice(0, -ACCOUNT_DOMAIN.length - 1) };
  if (!text.includes('@')) return localNameTarget(text);
  return { kind: 'external', address: text.endsWith(REINJECT_SUFFIX) ? text.slice(0, -REINJECT_SUFFIX.length) : text };
}

function splitKey(key: string): { localPart: string; domain: string } {
  const at = key.lastIndexOf('@');
  return { localPart: key.slice(0, at), domain: key.slice(at + 1) };
}

/**
 * A fixed result: `name@localhost` is a local name, `@tag.tenant.mailpanel.invalid` a customer's `tag-%1`,
 * anything else an address.
 */
function fixedTarget(result: string): VirtmapTarget {
  if (result.startsWith('@') && result.endsWith(TENANT_SUFFIX))
    return { kind: 'localPart', prefix: `${result.slice(1, -TENANT_SUFFIX.length)}-` };
  const local = result.endsWith(`@${LOCAL_NAME_DOMAIN}`) ? result.slice(0, -LOCAL_NAME_DOMAIN.length - 1) : undefined;
  return local === undefined ? { kind: 'external', address: result } : localNameTarget(local);
}

/** A regexp result with `${2}` after its local part (`%3`): the fixed result without it, or undefined. */
function detailResult(result: string): string | undefined {
  const at = result.lastIndexOf('@');
  return result.slice(0, at).endsWith('${2}') ? result.slice(0, at - 4) + result.slice(at) : undefined;
}

function hashVirtmaps(text: string): SnapshotVirtmap[] {
  return parseHashMap(text)
    .filter(([key, value]) => key !== value.toLowerCase()) // identity: a rejected key (see transport)
    .map(([key, value]) => ({ ...splitKey(key), target: fixedTarget(value) }));
}

function regexpVirtmaps(text: string): SnapshotVirtmap[] {
  const found: SnapshotVirtmap[] = [];
  for (const rule of parseRegexpTable(text)) {
    const line = `/${rule.pattern}/ ${rule.result}`;
    if (line === REINJECT_RULE || line === TENANT_RULE || rule.block === undefined) continue;
    const domain = rule.block;
    const suffix = `@${escapeRegexp(domain)}$`;
    let body = rule.pattern.slice(1, rule.pattern.endsWith(suffix) ? -suffix.length : undefined);
    let localPart = '';
    if (body !== PERCENT1_PATTERN) {
      if (body.endsWith(DETAIL_PATTERN)) body = body.slice(0, -DETAIL_PATTERN.length);
      localPart = unescape(body.replace(/^\((.*)\)$/, '$1'));
    }
    const withoutDetail = detailResult(rule.result);
    const result = withoutDetail ?? rule.result;
    const kept = withoutDetail !== undefined ? ({ keepDetail: true } as const) : {};
    const percent1 = /^([a-z0-9]+-)?\$\{1\}@(.*)$/.exec(result);
    const target: VirtmapTarget | undefined =
      percent1?.[2] === LOCAL_NAME_DOMAIN
        ? { kind: 'localPart', ...(percent1[1] ? { prefix: percent1[1] } : {}), ...kept }
        : result.startsWith('${1}@')
          ? { kind: 'domainRedirect', domain: result.slice(5), ...kept }
          : result.toLowerCase() === `${localPart}@${domain}`
            ? undefined // identity: a rejected key
            : { ...fixedTarget(result), ...kept };
    if (target) found.push({ domain, localPart, target });
  }
  return found;
}

const CODES: Record<string, RejectCode> = { '5.3.0': 'nouser', '5.1.1': 'unknown', '4.2.1': 'tempfail' };

/**
 * Rejections: transport holds the key's status (error(8) bounces with it), access the RCPT reply with its
 * code (`NNN D.D.D TEXT`), which tells `error:5.7.1:550` from `error:5.7.1:554`.
 */
function transportVirtmaps(text: string, accessText: string): SnapshotVirtmap[] {
  const found: SnapshotVirtmap[] = [];
  const access = new Map(parseHashMap(accessText));
  for (const [key, value] of parseHashMap(text)) {
    const m = /^(?:error|retry):(\d\.\d{1,3}\.\d{1,3}) (.*)$/.exec(value);
    if (!m) continue; // ":" keeps a key of a rejecting domain on its own route
    const status = m[1] ?? '';
    const [reply, replyStatus] = (access.get(key) ?? '').split(' ');
    const parsed = replyStatus === status ? parseRejectCode(`${status}:${reply}`) : undefined;
    const code = parsed?.ok ? parsed.value : CODES[status];
    if (!code) continue;
    const place = key.includes('@') ? splitKey(key) : { localPart: '', domain: key };
    found.push({ ...place, target: { kind: 'reject', code, text: m[2] ?? '' } });
  }
  return found;
}

/**
 * What parsePostfix should give back for a snapshot: its routing data (a host with owners: its host
 * view's, implicit virtmaps as plain ones), in the parser's order.
 */
export function postfixRoutingView(given: MailSnapshot): ParsedPostfix {
  // As renderPostfix: sendmail's wildcard keys are left out.
  const snapshot = hostView(withoutWildcardKeys(given));
  const local = new Set(snapshot.domains);
  return {
    domains: [...snapshot.domains].sort(compareText),
    accounts: snapshot.accounts.map((a) => a.name).sort(compareText),
    aliases: snapshot.aliases.map((a) => ({ name: a.name, targets: a.targets })).sort((a, b) => compareText(a.name, b.name)),
    virtmaps: snapshot.virtmaps
      .filter((v) => local.has(v.domain))
      .map((v) => ({ domain: v.domain, localPart: v.localPart, target: v.target }))
      .sort((a, b) => compareText(`${a.domain} ${a.localPart}`, `${b.domain} ${b.localPart}`)),
  };
}
