// Seeded snapshots whose every field may be hostile: characters the map tools read as structure
// (newline, CR, tab, NUL, space, "#", ":", ",", quotes, "|", "/", "\", "%", "$", "(", "<", "@"), very long
// and non-ASCII strings, mixed with values that are valid but unusual (upper case, "+", "=", "'", and
// punctuation in rejection texts). The sendmail renderer must either refuse such a snapshot
// (SendmailRenderError) or write files that read back as exactly the snapshot.
import type { AliasTarget, MailSnapshot, RejectCode, VirtmapTarget } from '@/lib/mail/snapshot';
import { seededRandom } from '../support/random-snapshot';

const HOSTILE_PIECES = [
  '\n',
  '\r',
  '\t',
  '\0',
  ' ',
  '#',
  ':',
  ',',
  ';',
  '"',
  "'",
  '|',
  '/',
  '\\',
  '%1',
  '%',
  '$',
  '(',
  ')',
  '<',
  '>',
  '@',
  '!',
  '+',
  '*',
  '=',
  'é',
  '€',
  '\u2028',
  '\ufeff',
  'x'.repeat(300),
  ':include:',
  'error:',
  '.',
  '..',
  'A',
  'Z',
];
const NAMES = ['joe', 'jane', 'mary.ann', 'web-admin', 'x_1', 'b0b', 'a.b.c', '9lives'];
const DOMAINS = ['example.com', 'sub.example.org', 'xn--bcher-kva.example', 'a-b.example.net'];
const LOCALS = ['joe', 'Mixed.Case', 'list+tag', 'a=b', "o'brien", '_under', 'x.y.z'];
const TEXTS = [
  'No such user here',
  'Gone, #1: see www.example.com/contact!',
  'Moved [for now]',
  'Call {ops} | desk',
  'Tab-free; colon: fine',
  "Gone, please don't write",
];

export function hostileSnapshot(seed: number): MailSnapshot {
  const next = seededRandom(seed * 7919);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  // Each value is valid with probability `ok`, else a valid value with hostile pieces spliced in.
  const ok = 0.93;
  const spoil = (value: string): string => {
    if (next() < ok) return value;
    const at = Math.floor(next() * (value.length + 1));
    return value.slice(0, at) + pick(HOSTILE_PIECES) + value.slice(at);
  };
  const name = () => spoil(pick(NAMES));
  const domains = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => spoil(pick(DOMAINS))))];
  const address = () => `${spoil(pick(LOCALS))}@${spoil(pick(DOMAINS))}`;
  const aliasTarget = (): AliasTarget => {
    const roll = next();
    return roll < 0.4
      ? { kind: 'local', name: name() }
      : roll < 0.6
        ? { kind: 'account', name: name() }
        : { kind: 'external', address: address() };
  };
  const virtmapTarget = (): VirtmapTarget => {
    const roll = next();
    if (roll < 0.25) return { kind: 'local', name: name() };
    if (roll < 0.45) return { kind: 'external', address: address() };
    if (roll < 0.55) return { kind: 'domainRedirect', domain: spoil(pick(DOMAINS)) };
    if (roll < 0.6) return { kind: 'localPart' };
    // Codes too: valid ones of every kind, and ones that would add a word, a line or a 421 to the map.
    const code =
      next() < 0.1
        ? pick<string>(['5.7.1:550 x', '5.7.1:550\nx', '4.2.1:421', 'nohost'])
        : pick<string>(['nouser', 'unknown', 'tempfail', '5.7.1:550', '4.7.0:451']);
    return { kind: 'reject', code: code as RejectCode, text: spoil(pick(TEXTS)) };
  };
  const aliasNames = [...new Set(Array.from({ length: Math.floor(next() * 5) }, name))];
  const keys = new Map<string, { domain: string; localPart: string }>();
  for (let i = Math.floor(next() * 8); i > 0; i -= 1) {
    const domain = pick(domains);
    const localPart = next() < 0.2 ? '' : next() < 0.2 ? `${name()}+${spoil('news')}` : name();
    keys.set(`${localPart}@${domain}`, { domain, localPart });
  }
  return {
    version: 1,
    host: { name: 'mail.hostile.example', flavor: 'sendmail' },
    domains,
    accounts: [...new Set(Array.from({ length: Math.floor(next() * 5) }, name))].map((n) => ({
      name: n,
      passwordHash: '{SHA512-CRYPT}$6$x$y',
      quotaMb: 1,
    })),
    aliases: aliasNames.map((n) => {
      const targets = new Map<string, AliasTarget>();
      for (let i = 1 + Math.floor(next() * 3); i > 0; i -= 1) {
        const target = aliasTarget();
        targets.set(JSON.stringify(target), target);
      }
      return { name: n, targets: [...targets.values()] };
    }),
    virtmaps: [...keys.values()].map((key) => ({ ...key, target: virtmapTarget() })),
  };
}
