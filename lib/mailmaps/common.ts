// Shared by the map renderers (sendmail now; the Postfix renderer may import it too — this file is owned by
// the sendmail side: ask before changing what an export means). Pure: no I/O, no clock.
//
// What every renderer needs: one stable order (code points, never the locale), and checks that a value
// can be written into a map file without adding a line, a key, a second target, a comment or a program,
// file or :include: target. lib/mail validates what users type; these checks are the renderer's own last
// line of defence, so they are deliberately narrow: a value outside them makes the renderer throw.

export { compareText } from '../mail/text-order';

/**
 * A host-wide name (account, alias) or a virtmap local part's user: lib/mail/names.ts's safe alphabet. A
 * name on the host may carry its customer's tag (`tag-name`, lib/mail/tenancy.ts): up to 77 characters.
 */
export const SAFE_NAME = /^[a-z0-9][a-z0-9._-]{0,76}$/;

/** True for a name of the safe alphabet: no "..", no trailing dot (as lib/mail/names.ts refuses them). */
export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.includes('..') && !name.endsWith('.');
}

/**
 * A virtmap key's local part: "" (the catch-all), `name` or `name+detail`, each part a safe name, or
 * sendmail's wildcard keys `name+*`, `name++`, `+*` and `++` (which renderPostfix leaves out).
 */
export function isSafeVirtmapLocalPart(local: string): boolean {
  if (local === '' || local === '+*' || local === '++') return true;
  if (local.length > 64) return false;
  if (local.endsWith('+*') || local.endsWith('++')) return isSafeName(local.slice(0, -2));
  const [user = '', detail, ...rest] = local.split('+');
  if (rest.length > 0) return false;
  return isSafeName(user) && (detail === undefined || isSafeName(detail));
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A lower-case A-label domain of at least two labels (what lib/mail/domain-name.ts stores). */
export function isSafeDomain(domain: string): boolean {
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^[0-9]+$/.test(labels.at(-1) ?? '');
}

/**
 * The local part of an external address as the renderers write it (the alphabet lib/mail/targets.ts
 * accepts): letters (either case), digits and `. _ + = ' -`, starting with a letter, digit or "_", no
 * ".." and no trailing dot. Left out on purpose: `%` and `!` (sendmail re-routes `a%b@c` and `b!a`), `|`
 * and `/` (program and file targets in aliases), `"`, `\`, `(`, `)`, `<`, `>`, `,`, `;`, `:`, `#`, `$`,
 * whitespace and everything non-ASCII.
 */
const EXTERNAL_LOCAL = /^[A-Za-z0-9_][A-Za-z0-9._+='-]*$/;

/** True for `local@domain` with a local part as above (≤ 64) and a safe domain. */
export function isSafeExternalAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  return (
    local.length <= 64 && EXTERNAL_LOCAL.test(local) && !local.includes('..') && !local.endsWith('.') && isSafeDomain(address.slice(at + 1))
  );
}

/** Returns the duplicates of `items` (each once), in first-seen order. */
export function duplicates(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const item of items) (seen.has(item) ? twice : seen).add(item);
  return [...twice];
}
