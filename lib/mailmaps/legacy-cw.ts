import type { KeptOut } from '../mail/legacy-host';
import { normalizeDomainName } from '../mail/domain-name';
import { BOM, keptOut, numberedLines, shown, splitWs } from './legacy-lines';

// Class w, as `Fw/etc/mail/local-host-names %[^#]` (and Red Hat's `Fw/etc/mail/sendmail.cw`) reads it:
// the text before "#" on each line, split on white space — several names may share a line — each folded to
// lower case; a trailing dot is the same name (sendmail strips it when it canonifies). Words that are not
// domain names (an IP literal, a stray word) are kept out: the panel holds domains only.

export function readClassW(file: 'local-host-names' | 'sendmail.cw', text: string): { domains: string[]; keptOut: KeptOut[] } {
  const domains: string[] = [];
  const seen = new Set<string>();
  const out: KeptOut[] = [];
  for (const { line, text: raw } of numberedLines(text)) {
    const words = splitWs(raw.replace(/#.*/, ''));
    for (const word of words) {
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
      const name = word.toLowerCase().replace(/\.$/, '');
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
  return { domains, keptOut: out };
}
