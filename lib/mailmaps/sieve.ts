import type { SnapshotAutoreply } from '../mail/snapshot';
import { autoreplyProblems } from '../mail/autoreply';

// An account's autoreply as a Sieve script (RFC 5228 + vacation, RFC 5230) that Dovecot's Pigeonhole runs
// at delivery (docs/dovecot.md, "Sieve autoreply"). Pure and deterministic: no clock inside (the date
// bounds are tested by the script against the host's clock at delivery), so the file's hash says whether
// it changed.

export class SieveRenderError extends Error {
  override name = 'SieveRenderError';
}

/**
 * A Sieve quoted-string that means exactly `text`: `\` and `"` escaped, every line break (LF or CRLF)
 * written as CRLF. The only escaping in the renderer: the subject and the text go through here and
 * nowhere else. The script never requires "variables" or "encoded-character", so `${…}` stays literal.
 * Throws on what no quoted-string can hold: NUL, a CR that does not start CRLF (Pigeonhole refuses a
 * "stray carriage-return", escaped or not; measured), and a lone UTF-16 surrogate (no UTF-8 for it).
 */
export function sieveString(text: string): string {
  if (text.includes('\0')) fail('a Sieve string cannot hold NUL');
  if (/\r(?!\n)/.test(text)) fail('a Sieve string cannot hold a CR that does not end a line (CRLF)');
  if (!text.isWellFormed()) fail('a Sieve string must be Unicode (a lone surrogate has no UTF-8)');
  const escaped = text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\r\n');
  return `"${escaped}"`;
}

export interface AutoreplyScriptOptions {
  /** The reply's From: the account's login address; absent: Pigeonhole's default (the recipient). */
  from?: string;
  /**
   * Every address that reaches the mailbox by name (login, its own virtmaps): vacation answers only a
   * message that names one of them (or the envelope recipient) in To/Cc/Bcc/Resent-*, RFC 5230 4.5.
   */
  addresses: readonly string[];
}

/** A plain address we can write without escaping surprises: what the panel's logins and virtmaps are. */
const ADDRESS = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

/** The script for one account's autoreply; throws SieveRenderError when the autoreply breaks its rules. */
export function renderAutoreplyScript(autoreply: SnapshotAutoreply, opts: AutoreplyScriptOptions): string {
  const problems = autoreplyProblems(autoreply);
  if (problems.length > 0) fail(`autoreply: ${problems.map((p) => `${p.field}: ${p.message}`).join(' ')}`);
  for (const address of [...(opts.from === undefined ? [] : [opts.from]), ...opts.addresses])
    if (!ADDRESS.test(address)) fail(`autoreply: ${JSON.stringify(address)} is not a plain lower-case address`);
  const dated = autoreply.startsOn !== undefined || autoreply.endsOn !== undefined;
  const addresses = [...new Set(opts.addresses)].sort();
  const vacation = [
    `vacation :days ${autoreply.days}`,
    `:subject ${sieveString(autoreply.subject)}`,
    opts.from !== undefined && `:from ${sieveString(opts.from)}`,
    addresses.length > 0 && `:addresses [${addresses.map(sieveString).join(', ')}]`,
    sieveString(autoreply.text),
  ].filter((part): part is string => typeof part === 'string');
  return [
    '# Autoreply written by mailpanel (docs/dovecot.md, "Sieve autoreply"): every change here is overwritten.',
    `require [${['vacation', 'envelope', ...(dated ? ['date', 'relational'] : [])].map((e) => `"${e}"`).join(', ')}];`,
    '',
    '# RFC 3834: never answer a bounce, an automatic message or a list. Pigeonhole checks some of this',
    '# itself; written out here so the rule holds whatever the server is configured to do. (One exists test',
    '# per list header: `exists [a, b]` is true only when all of them are there, RFC 5228 5.5.)',
    'if anyof (envelope :is "from" "",',
    '          allof (exists "auto-submitted", not header :is "auto-submitted" "no"),',
    '          header :is "precedence" ["bulk", "list", "junk"],',
    '          exists "list-id", exists "list-unsubscribe", exists "list-post") {',
    '  stop;',
    '}',
    ...dateBounds(autoreply),
    '',
    '# At most one reply per sender per :days (Pigeonhole remembers whom it answered, in the home).',
    `${vacation.join(' ')};`,
    '',
  ].join('\n');
}

/** Outside its days the script stops before vacation; the host's clock and time zone decide the day. */
function dateBounds(autoreply: SnapshotAutoreply): string[] {
  const tests = [
    autoreply.startsOn !== undefined && `currentdate :value "lt" "date" ${sieveString(autoreply.startsOn)}`,
    autoreply.endsOn !== undefined && `currentdate :value "gt" "date" ${sieveString(autoreply.endsOn)}`,
  ].filter((test): test is string => typeof test === 'string');
  if (tests.length === 0) return [];
  return ['# Only on its days (YYYY-MM-DD compares as text; both ends inclusive).', `if anyof (${tests.join(', ')}) {`, '  stop;', '}'];
}

function fail(message: string): never {
  throw new SieveRenderError(`Sieve: ${message}`);
}
