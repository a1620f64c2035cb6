import { accept, reject, type Checked } from './checked';
import { normalizeDomainName } from './domain-name';
import { splitAddress } from './targets';

// What the "Where does mail go?" page and its data function accept before they look for the domain: an
// empty question and a malformed address get their own answer ("type an address", "… is not an address")
// instead of "you can trace your own domains only", which sends the user looking at the wrong thing.

const EXAMPLE = 'such as name@your-domain.example';
// Quoting, comments, lists, source routes, "!" paths and control characters: the tracer follows plain addresses.
const NOT_PLAIN = /[\s"\\()<>,;:[\]!\u0000-\u001f\u007f-\u009f]/u;

/** The address to trace, `local@domain` with the domain as stored (lower-case A-label), or why not. */
export function checkTracedAddress(typed: string): Checked<string> {
  const text = typed.trim().replace(/^<(.*)>$/, '$1');
  if (text === '') return reject(`Type an address to trace, ${EXAMPLE}.`);
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  const notAnAddress = (why: string) => reject(`“${shown}” is not an address: ${why}`);
  const parts = splitAddress(text);
  if (!parts) return notAnAddress(`type a full address, ${EXAMPLE}.`);
  if (parts.local.includes('@')) return notAnAddress('an address has one “@”.');
  if (NOT_PLAIN.test(parts.local)) return notAnAddress('only plain addresses can be traced (no spaces, quotes, comments or lists).');
  const domain = normalizeDomainName(parts.domain);
  if (!domain.ok) return notAnAddress(`after “@”: ${domain.problems.join(' ')}`);
  return accept(`${parts.local}@${domain.value}`);
}
