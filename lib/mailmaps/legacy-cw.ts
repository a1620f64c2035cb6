import type { KeptOut } from '../mail/legacy-host';
import { normalizeDomainName } from '../mail/domain-name';
import { BOM, keptOut, numberedLines, shown, splitWs } from './legacy-lines';

// Class w, as `Fw/etc/mail/local-host-names %[^#]` (and Red Hat's `Fw/etc/mail/sendmail.cw`) reads it:
// the text before "#" on each line, split on white space — several names may share a line. Measured on
// sendmail 8.17 (`$=w` in `sendmail -bt`, and `-bv`): case does not matter (`BAKERY.EXAMPLE` makes
// bread@bakery.example local); a trailing dot is kept, and `shop.example.` does NOT make shop.example local
// (x@shop.example is relayed), so such a name is kept out unless the file also has it without the dot.
// Words that are not domain names (an IP literal, a stray word) are kept out: the panel holds domains only.

export function readClassW(file: 'local-host-names' | 'sendmail.cw', text: string): { domains: string[]; keptOut: KeptOut[] } {
  const domains: string[] = [];
  const seen = new Set<string>();
  const dotted: { line: number; word: string }[] = [];
  const out: KeptOut[] = [];
  for (const { line, text: raw } of numberedLines(text)) {
    for (const word of splitWs(raw.replace(/#.*/, ''))) {
      if (word.startsWith(BOM)) {
        out.push(
          keptOut(
            file,
            line,
            shown(word),
            'The file starts with a byte-order mark, which sendmail reads as part of this name: it was never a local domain.',
          ),
        );
        continue;
      }
      if (word.endsWith('.')) {
        dotted.push({ line, word });
        continue;
      }
      const name = word.toLowerCase();
      const checked = normalizeDomainName(name);
      if (!checked.ok || checked.value !== name) {
        out.push(
          keptOut(
            file,
            line,
            shown(word),
            `Not a domain name the panel holds: ${checked.ok ? 'it is not in its plain form' : checked.problems.join(' ')}`,
          ),
        );
        continue;
      }
      if (!seen.has(name)) domains.push(name);
      seen.add(name);
    }
  }
  for (const { line, word } of dotted) {
    if (seen.has(word.toLowerCase().replace(/\.$/, ''))) continue;
    out.push(
      keptOut(
        file,
        line,
        shown(word),
        'sendmail keeps the trailing dot, and a name written so never matched an address: it was not a local domain.',
      ),
    );
  }
  return { domains, keptOut: out };
}
