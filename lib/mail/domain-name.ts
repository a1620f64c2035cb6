import { accept, reject, type Checked } from './checked';

// Domains are stored as their lower-case A-label (DOMAIN.md, the model): that is what sendmail's
// local-host-names and Postfix's maps compare against, case-insensitively.

const MAX_NAME = 253;
const MAX_LABEL = 63;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
// Characters a URL parser would read as structure (user info, port, path, query) rather than as part of
// a host name; rejecting them first keeps "evil.com/x" or "a@b.com" from being shortened to a host.
const STRUCTURAL = /[\s/\\@:?#%[\]<>"'`|,;()*=+!$&^{}~]/u;
// Every C0/C1 control character, including NUL, CR and LF (a line break would inject a map line).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * Normalises what a user typed as a domain: trims, drops one trailing dot, lower-cases, converts an IDN
 * (U-label) to its A-label, and checks the DNS shape of every label.
 */
export function normalizeDomainName(input: string): Checked<string> {
  const typed = input.trim().replace(/\.$/, '');
  if (typed === '') return reject('Enter a domain name, such as example.com.');
  if (CONTROL.test(typed) || STRUCTURAL.test(typed)) {
    return reject('A domain name may contain only letters, digits, hyphens and dots.');
  }
  const ascii = toALabel(typed);
  if (ascii === null) return reject(`"${typed}" is not a valid domain name.`);
  return checkALabelName(ascii);
}

/** Checks a name that should already be a lower-case A-label (what the database holds). */
export function checkALabelName(name: string): Checked<string> {
  if (name.length > MAX_NAME) return reject(`A domain name may be at most ${MAX_NAME} characters long.`);
  const labels = name.split('.');
  if (labels.length < 2) return reject('Enter a fully qualified domain name, such as example.com.');
  for (const label of labels) {
    if (label === '') return reject('A domain name may not contain empty parts ("..").');
    if (label.length > MAX_LABEL) {
      return reject(`Each part of a domain name may be at most ${MAX_LABEL} characters long.`);
    }
    if (!LABEL.test(label)) {
      return reject('Each part of a domain name must start and end with a letter or digit.');
    }
  }
  const tld = labels[labels.length - 1] ?? '';
  if (/^[0-9]+$/.test(tld)) return reject('An IP address is not a domain name.');
  return accept(name);
}

// The WHATWG URL parser applies UTS #46 (the IDNA mapping browsers use) and is available in every
// runtime this code runs in, so the same conversion happens in the form and on the server.
function toALabel(name: string): string | null {
  try {
    const host = new URL(`http://${name}/`).hostname;
    return host === '' ? null : host.toLowerCase();
  } catch {
    return null;
  }
}
