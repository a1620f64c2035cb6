import { isSafeDomain } from './common';

// The Postfix renderer's last line of defence (lib/mail validates what users type). A value outside
// these alphabets could add a line, a key, a second target, a comment or a regexp substitution to a
// Postfix file, so the renderer throws instead of writing it:
// - postmap and postalias continue a line that starts with whitespace and cut a key at whitespace;
// - postalias splits targets at "," and treats `|`, `/` and `:include:` as program, file, include;
// - postmap keeps a trailing ` # text` in a value (no inline comments) and trims trailing whitespace;
// - regexp results substitute `$1`/`${1}`; "$" anywhere else is an error.

export class PostfixRenderError extends Error {
  override name = 'PostfixRenderError';
}

export function fail(message: string): never {
  throw new PostfixRenderError(message);
}

/**
 * The local part of an external address: a dot-atom of letters (either case), digits and `_ + = ' -`
 * (lib/mail/targets.ts). None of them means anything to postmap, postalias or a regexp result.
 */
const EXTERNAL_LOCAL = /^[A-Za-z0-9_][A-Za-z0-9_+='-]*(?:\.[A-Za-z0-9_+='-]+)*$/;

export function checkedExternal(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, Math.max(at, 0));
  const domain = address.slice(at + 1);
  if (at <= 0 || local.length > 64 || !EXTERNAL_LOCAL.test(local) || !isSafeDomain(domain)) {
    fail(`address ${JSON.stringify(address)} cannot be written safely (one plain address, lower-case A-label domain)`);
  }
  return address;
}

/**
 * Rejection text: one line of words separated by single spaces, from lib/mail's alphabet (letters,
 * digits, `. , ' ? -`). It ends a map value, so no leading or trailing space (postmap would trim it).
 */
const REJECT_TEXT = /^[A-Za-z0-9.,'?-]+(?: [A-Za-z0-9.,'?-]+)*$/;

export function checkedRejectText(text: string): string {
  if (text.length > 200 || !REJECT_TEXT.test(text) || !/[A-Za-z]/.test(text)) {
    fail(`rejection text ${JSON.stringify(text)} cannot be written safely`);
  }
  return text;
}
