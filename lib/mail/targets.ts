import { accept, reject, type Checked } from './checked';
import { normalizeDomainName } from './domain-name';
import { MAX_NAME_LENGTH, normalizeName } from './names';
import { isRejectCode, parseSendmailErrorCode, rejectStatus, sendmailErrorCode, type RejectCode } from './reject-codes';
import type { AliasTarget, VirtmapTarget } from './snapshot';
import type { SmtpReply } from './trace-types';
import { splitDetail } from './virtmap-lookup';

// Targets: what an alias or a virtmap points at. Program (`|cmd`), file (`/path`) and `:include:`
// targets are never offered, and nothing typed here may add a second target, a comment or a line to a
// map file (DOMAIN.md, "How the map tools read files").

export const MAX_ADDRESS_LENGTH = 254;
export const MAX_LOCAL_PART_LENGTH = 64;
export const MAX_REJECT_TEXT_LENGTH = 200;
/** The one file target offered: an alias's copy thrown away. */
export const DISCARD_TARGET = '/dev/null';

// The local part of an external address: letters (either case: the remote server decides what case
// means), digits, and ". _ - + =" (what lib/mailmaps/common.ts's isSafeExternalAddress writes). Not "%" or
// "!" (sendmail and Postfix route `a%b@here` to b), not "$" (substituted in Postfix regexp tables), not
// quotes, "\", "(", ")", ",", ":", "#", "|", "/".
const EXTERNAL_LOCAL = /^[A-Za-z0-9_][A-Za-z0-9._+=-]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** Splits `local@domain` at the last "@"; null when either side is empty. */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/**
 * Normalises one external address as typed: `local@domain`, the domain converted to its lower-case
 * A-label (IDN), the local part kept as typed. Refuses lists, quotes, comments, source routes and
 * program, file and include targets with a sentence that says why.
 */
export function normalizeExternalAddress(typed: string): Checked<string> {
  const text = typed.trim();
  if (text === '') return reject('Enter an email address, such as name@example.com.');
  const special = specialTargetProblem(text);
  if (special) return reject(special);
  const parts = splitAddress(text);
  if (!parts || !text.includes('@')) return reject('Enter a full email address, such as name@example.com.');
  if (parts.local.includes('@')) return reject('An address may contain only one "@".');
  const problems = externalLocalProblems(parts.local);
  const domain = normalizeDomainName(parts.domain);
  if (!domain.ok) for (const p of domain.problems) problems.push(`After "@": ${p}`);
  if (problems.length > 0 || !domain.ok) return reject(...problems);
  const address = `${parts.local}@${domain.value}`;
  if (address.length > MAX_ADDRESS_LENGTH) {
    return reject(`An email address may be at most ${MAX_ADDRESS_LENGTH} characters long.`);
  }
  return accept(address);
}

function specialTargetProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return 'An address may not contain line breaks, tabs or control characters.';
  if (text.startsWith('|') || text.startsWith('"|')) return 'Program targets ("|command") are not offered.';
  if (text.startsWith('/') || text.startsWith('"/'))
    return 'File targets ("/path") are not offered; /dev/null in an alias throws mail away.';
  if (text.toLowerCase().startsWith(':include:')) return 'Include targets (":include:") are not offered.';
  if (/[,;]/.test(text)) return 'Enter one address only; several targets make an alias.';
  if (/\s/u.test(text)) return 'An address may not contain spaces.';
  if (/["\\]/.test(text)) return 'Quoted addresses and "\\" are not supported.';
  if (/[()<>]/.test(text)) return 'Enter the bare address, without a name, comments or angle brackets.';
  if (text.startsWith('@') || /^@[^@]*:/.test(text)) return 'Source routes ("@host:…") are not supported.';
  if (/[%!]/.test(text)) return 'Addresses routed with "%" or "!" are not supported.';
  return undefined;
}

function externalLocalProblems(local: string): string[] {
  if (local.length > MAX_LOCAL_PART_LENGTH) {
    return [`The part before "@" may be at most ${MAX_LOCAL_PART_LENGTH} characters long.`];
  }
  if (!EXTERNAL_LOCAL.test(local)) {
    if (/^[.+=-]/.test(local)) return ['The part before "@" must start with a letter, a digit or "_".'];
    return ['The part before "@" may contain only letters, digits and . _ - + ='];
  }
  if (local.includes('..')) return ['The part before "@" may not contain two dots in a row.'];
  if (local.endsWith('.')) return ['The part before "@" may not end with a dot.'];
  return [];
}

/**
 * Normalises the text of a rejection. It is written into virtusertable after `error:…` and into a
 * Postfix access map, and sent in an SMTP reply, so it is one line of printable ASCII from a small
 * alphabet: letters, digits, spaces and `. , ' ? -`. sendmail splits the text into tokens, drops
 * "(comments)" and treats `< > " \ : ; @ % ! / [ ] +` as structure; Postfix would substitute "$".
 * Runs of spaces become one space.
 */
export function normalizeRejectText(typed: string): Checked<string> {
  const text = typed.trim().replace(/ {2,}/g, ' ');
  if (text === '') return reject('Enter the message senders will see, such as "This address is no longer in use".');
  if (CONTROL.test(text) || /[\r\n\t]/.test(text)) return reject('The message must be one line, without tabs.');
  if (/[^\x20-\x7e]/.test(text)) return reject('The message may contain only plain ASCII letters, digits and punctuation.');
  if (!/^[A-Za-z0-9 .,'?-]+$/.test(text)) {
    return reject("The message may contain only letters, digits, spaces and . , ' ? -");
  }
  // sendmail reads leading digits as the reply code ("error:nouser 250 ok" answers 250).
  if (!/^[A-Za-z]/.test(text)) return reject('The message must start with a letter.');
  if (text.length > MAX_REJECT_TEXT_LENGTH) {
    return reject(`The message may be at most ${MAX_REJECT_TEXT_LENGTH} characters long.`);
  }
  return accept(text);
}

/** The SMTP reply a rejection gives at RCPT time on sendmail (Postfix prefixes its own words; see resolve). */
export function rejectReply(code: RejectCode, text: string): SmtpReply {
  return { ...rejectStatus(code), text: sendmailReplyText(text) };
}

/**
 * The words sendmail actually answers for a rejection text: it splits the text into tokens, so runs of
 * spaces become one and a space next to `. , : ; % @ ! ^ / [ ] +` disappears ("Gone, sorry" answers
 * "Gone,sorry"; measured on 8.17, same rule as lib/mailmaps/sendmail.ts's sendmailReplyText).
 */
export function sendmailReplyText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ?([.,:;%@!^/[\]+]) ?/g, '$1')
    .trim();
}

/**
 * Normalises a domain redirect as typed: `%1@otherdomain`, `@otherdomain` or just the domain.
 * Returns the domain (lower-case A-label).
 */
export function normalizeRedirectDomain(typed: string): Checked<string> {
  const text = typed.trim().replace(/^%1/, '').replace(/^@/, '');
  if (text.includes('@') || text.includes('%')) return reject('Enter the domain to redirect to, such as example.net.');
  return normalizeDomainName(text);
}

/**
 * Parses one alias target as typed: `\name` (the account itself), `name@domain` (an address),
 * `/dev/null` (throw this copy away) or `name` (an account or alias on this host).
 */
export function parseAliasTarget(typed: string): Checked<AliasTarget> {
  const text = typed.trim();
  if (text === DISCARD_TARGET) return accept({ kind: 'discard' });
  if (text.startsWith('\\')) {
    const name = normalizeName(text.slice(1), 'account');
    return name.ok ? accept({ kind: 'account', name: name.value }) : name;
  }
  if (text.includes('@') || specialTargetProblem(text)) {
    const address = normalizeExternalAddress(text);
    return address.ok ? accept({ kind: 'external', address: address.value }) : address;
  }
  if (text.indexOf('+', 1) > 0) return checkAliasTarget(localNameTarget(text));
  const name = normalizeName(text, 'alias');
  if (!name.ok) return reject(...name.problems.map((p) => p.replace(/^An alias name/, 'A target name')));
  return accept({ kind: 'local', name: name.value });
}

/**
 * The most targets one alias may have. Postfix's virtual_alias_expansion_limit (default 1000) defers any
 * message whose recipient expands to more, so a longer alias could never deliver on a Postfix host; a
 * mailing list belongs in list software, not in the aliases file.
 */
export const MAX_ALIAS_TARGETS = 1000;
/** The most characters a typed list of targets may have: that many addresses of the longest kind. */
export const MAX_ALIAS_TARGETS_TEXT = MAX_ALIAS_TARGETS * (MAX_ADDRESS_LENGTH + 2);
/** Problems told about a list of targets: enough to fix a paste, not one line per bad row of a huge one. */
const MAX_TOLD_PROBLEMS = 20;

export const TOO_MANY_TARGETS = `An alias may have at most ${MAX_ALIAS_TARGETS.toLocaleString('en')} targets; use a mailing list for more.`;
export const TARGETS_TOO_LONG = `The targets may be at most ${MAX_ALIAS_TARGETS_TEXT.toLocaleString('en')} characters long; use a mailing list for more.`;

/**
 * Parses a list of alias targets typed one per line or separated by commas. Duplicates are dropped
 * (the mail server would deliver once anyway); each problem names its target. The text is capped before
 * it is split, and the items are read one by one (nothing spreads a list into a call's arguments), so a
 * pasted list of hundreds of thousands of targets is a sentence, not a stack overflow.
 */
export function parseAliasTargets(typed: string): Checked<AliasTarget[]> {
  if (typed.length > MAX_ALIAS_TARGETS_TEXT) return reject(TARGETS_TOO_LONG);
  const items = splitTargets(typed);
  if (items.length === 0) return reject('Enter at least one target.');
  if (items.length > MAX_ALIAS_TARGETS) return reject(TOO_MANY_TARGETS);
  const targets: AliasTarget[] = [];
  const problems: string[] = [];
  let unreported = 0;
  const seen = new Set<string>();
  for (const item of items) {
    const checked = parseAliasTarget(item);
    if (!checked.ok) {
      for (const p of checked.problems) {
        if (problems.length < MAX_TOLD_PROBLEMS) problems.push(`"${item}": ${p}`);
        else unreported++;
      }
      continue;
    }
    const key = formatAliasTarget(checked.value).toLowerCase();
    if (!seen.has(key)) targets.push(checked.value);
    seen.add(key);
  }
  if (unreported > 0) problems.push(`…and ${unreported.toLocaleString('en')} more problems like these.`);
  return problems.length > 0 ? { ok: false, problems } : accept(targets);
}

/** The non-blank items of a typed list (one per line or comma-separated), trimmed, in order. */
export function splitTargets(typed: string): string[] {
  const items: string[] = [];
  let start = 0;
  for (let i = 0; i <= typed.length; i++) {
    if (i < typed.length && typed[i] !== '\n' && typed[i] !== ',') continue;
    const item = typed.slice(start, i).trim();
    if (item !== '') items.push(item);
    start = i + 1;
  }
  return items;
}

/**
 * Parses a virtmap target as typed, in virtusertable's own words: a name, an address, `%1@domain`,
 * `%1`, `error:nouser TEXT`, or `error:D.D.D:NNN TEXT` (`error:5.1.1:550 TEXT`, `error:5.7.1:550 TEXT`…).
 */
export function parseVirtmapTarget(typed: string): Checked<VirtmapTarget> {
  const text = typed.trim();
  if (text === '') return reject('Enter where mail to this address goes.');
  const error = /^error:(\S*)(?:\s+([\s\S]*))?$/i.exec(text);
  if (error) {
    const keyword = (error[1] ?? '').toLowerCase();
    const code = parseSendmailErrorCode(keyword);
    if (!code.ok)
      return reject(`A rejection is "error:nouser TEXT" or "error:D.D.D:NNN TEXT" (such as error:5.7.1:550). ${code.problems.join(' ')}`);
    return checkVirtmapTarget({ kind: 'reject', code: code.value, text: error[2] ?? '' });
  }
  // `%3` (the address's "+detail", when the key matched without it) may follow the target's local part.
  const keep = /^[^%@]*%3(@|$)/.test(text) || /^%1%3(@|$)/.test(text);
  const plain = keep ? text.replace('%3', '') : text;
  const kept = keep ? ({ keepDetail: true } as const) : {};
  if (plain === '') return reject('"%3" follows the local part of a target, such as "name%3" or "%1%3@example.net".');
  if (plain === '%1') return accept({ kind: 'localPart', ...kept });
  if (plain.startsWith('%1@')) {
    const domain = normalizeRedirectDomain(plain);
    return domain.ok ? accept({ kind: 'domainRedirect', domain: domain.value, ...kept }) : domain;
  }
  if (plain.includes('%'))
    return reject('"%1" and "%3" are the substitutions offered: "%1", "%1@domain", and "%3" after a local part ("%1%3@domain", "name%3").');
  if (plain.startsWith('\\')) return reject('"\\name" is for alias targets; a virtmap names the account directly.');
  if (!plain.includes('@') && plain.indexOf('+', 1) > 0) return localWithDetail(plain, keep);
  const target = parseAliasTarget(plain);
  if (!target.ok) return target;
  if (target.value.kind === 'external') return accept({ kind: 'external', address: target.value.address, ...kept });
  if (target.value.kind !== 'local')
    return reject('sendmail refuses a file target in virtusertable (550 5.7.1); /dev/null is for aliases.');
  return accept({ kind: 'local', name: target.value.name, ...kept });
}

/** `name+detail` as a virtmap target: the local name, delivered with that detail. */
function localWithDetail(text: string, keep: boolean): Checked<VirtmapTarget> {
  if (keep) return reject('A name with its own "+detail" cannot also pass the address\'s detail on ("%3").');
  return checkVirtmapTarget(localNameTarget(text));
}

/**
 * `name` or `name+detail` as a local-name target, split as sendmail splits a local part (splitDetail):
 * the one reading of that text for forms, stored alias targets and both map parsers.
 */
export function localNameTarget(text: string): { kind: 'local'; name: string; detail?: string } {
  const { user, detail } = splitDetail(text);
  return detail !== undefined ? { kind: 'local', name: user, detail } : { kind: 'local', name: user };
}

/** The most characters a target's own "+detail" may have (with its name, within a 64-character local part). */
export const MAX_DETAIL_LENGTH = 32;

/**
 * Normalises the "+detail" of a local-name target (without the "+"): lower case letters, digits and
 * ". _ -", as in a name, so it adds nothing but a detail to a map line.
 */
export function normalizeDetail(typed: string): Checked<string> {
  const detail = typed.trim().toLowerCase();
  if (detail === '') return reject('Enter the detail after "+", such as "news" in joe+news.');
  if (detail.length > MAX_DETAIL_LENGTH) return reject(`The detail after "+" may be at most ${MAX_DETAIL_LENGTH} characters long.`);
  // The alphabet of a name (lib/mailmaps/common.ts isSafeName): what the renderers write after "+".
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(detail))
    return reject('The detail after "+" may contain only letters, digits and . _ - and must start with a letter or a digit.');
  if (detail.includes('..') || detail.endsWith('.'))
    return reject('The detail after "+" may not hold two dots in a row or end with a dot.');
  return accept(detail);
}

/** Checks and normalises a structured virtmap target (what a form with a "kind" choice submits). */
export function checkVirtmapTarget(target: VirtmapTarget, maxName = MAX_NAME_LENGTH): Checked<VirtmapTarget> {
  switch (target.kind) {
    case 'local': {
      const name = normalizeName(target.name, 'alias', maxName);
      if (!name.ok) return name;
      if (target.detail === undefined) return accept({ kind: 'local', name: name.value, ...keptDetail(target) });
      if (target.keepDetail) return reject('A name with its own "+detail" cannot also pass the address\'s detail on ("%3").');
      const detail = normalizeDetail(target.detail);
      return detail.ok ? accept({ kind: 'local', name: name.value, detail: detail.value }) : detail;
    }
    case 'external': {
      const address = normalizeExternalAddress(target.address);
      return address.ok ? accept({ kind: 'external', address: address.value, ...keptDetail(target) }) : address;
    }
    case 'domainRedirect': {
      const domain = normalizeRedirectDomain(target.domain);
      return domain.ok ? accept({ kind: 'domainRedirect', domain: domain.value, ...keptDetail(target) }) : domain;
    }
    case 'localPart':
      // A prefix is the host view's (lib/mail/tenancy.ts): a customer's tag and "-".
      if (target.prefix === undefined) return accept({ kind: 'localPart', ...keptDetail(target) });
      return /^[a-z0-9]{1,12}-$/.test(target.prefix)
        ? accept({ kind: 'localPart', prefix: target.prefix, ...keptDetail(target) })
        : reject('A "%1" prefix is a customer\'s tag and "-".');
    case 'reject': {
      if (typeof target.code !== 'string' || !isRejectCode(target.code)) return reject('Choose how the address is rejected.');
      const text = normalizeRejectText(target.text);
      return text.ok ? accept({ kind: 'reject', code: target.code, text: text.value }) : text;
    }
  }
}

/** `{ keepDetail: true }` when the target passes the detail on (only `true` is kept: one spelling). */
export function keptDetail(target: { keepDetail?: boolean }): { keepDetail?: true } {
  return target.keepDetail === true ? { keepDetail: true } : {};
}

/** Whether a virtmap target passes the address's "+detail" on (`%3`). */
export function passesDetail(target: VirtmapTarget): boolean {
  return target.kind !== 'reject' && target.keepDetail === true;
}

/** Checks and normalises a structured alias target. */
export function checkAliasTarget(target: AliasTarget, maxName = MAX_NAME_LENGTH): Checked<AliasTarget> {
  if (target.kind === 'discard') return accept({ kind: 'discard' });
  if (target.kind === 'external') {
    const address = normalizeExternalAddress(target.address);
    return address.ok ? accept({ kind: 'external', address: address.value }) : address;
  }
  const name = normalizeName(target.name, target.kind === 'account' ? 'account' : 'alias', maxName);
  if (!name.ok) return name;
  if (target.kind === 'account' || target.detail === undefined) return accept({ kind: target.kind, name: name.value });
  const detail = normalizeDetail(target.detail);
  return detail.ok ? accept({ kind: 'local', name: name.value, detail: detail.value }) : detail;
}

/** An alias target in the aliases file's words: `name`, `\name`, `address` or `/dev/null`. */
export function formatAliasTarget(target: AliasTarget): string {
  if (target.kind === 'discard') return DISCARD_TARGET;
  if (target.kind === 'external') return target.address;
  if (target.kind === 'account') return `\\${target.name}`;
  return target.detail !== undefined ? `${target.name}+${target.detail}` : target.name;
}

/** A virtmap target in virtusertable's words. */
export function formatVirtmapTarget(target: VirtmapTarget): string {
  switch (target.kind) {
    case 'local':
      return target.detail !== undefined ? `${target.name}+${target.detail}` : `${target.name}${percent3(target)}`;
    case 'external': {
      const at = target.address.lastIndexOf('@');
      return `${target.address.slice(0, at)}${percent3(target)}${target.address.slice(at)}`;
    }
    case 'domainRedirect':
      return `%1${percent3(target)}@${target.domain}`;
    case 'localPart':
      return `${target.prefix ?? ''}%1${percent3(target)}`;
    case 'reject':
      return `error:${sendmailErrorCode(target.code)} ${target.text}`;
  }
}

const percent3 = (target: { keepDetail?: true }) => (target.keepDetail ? '%3' : '');

/** A virtmap key in virtusertable's words: `local@domain`, or `@domain` for the catch-all. */
export function formatVirtmapKey(domain: string, localPart: string): string {
  return `${localPart}@${domain}`;
}
