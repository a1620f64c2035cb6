import type { AliasTarget, Flavor, MailSnapshot, VirtmapTarget } from './snapshot';
import { parseAliasTarget, parseVirtmapTarget } from './targets';

// A compact way to write a snapshot in tests, scenarios and docs, in the map files' own words:
//   buildSnapshot({
//     domains: ['example.com'],
//     accounts: ['joe', 'jane'],
//     aliases: { sales: ['joe', '\\jane', 'x@elsewhere.example'] },
//     virtmaps: { 'sales@example.com': 'sales', '@example.com': 'error:nouser No such user here' },
//   })
// Targets are parsed with the panel's own rules and throw on what they refuse; keys are taken as
// written (lower-cased), so tests can also use keys the panel refuses.

export interface SnapshotSpec {
  flavor?: Flavor;
  domains: string[];
  accounts?: string[];
  aliases?: Record<string, string[]>;
  /** `local@domain` or `@domain` → a target as in virtusertable. */
  virtmaps?: Record<string, string>;
}

export const TEST_PASSWORD_HASH = '{SHA512-CRYPT}$6$rounds=5000$test$unused';

export function buildSnapshot(spec: SnapshotSpec): MailSnapshot {
  return {
    version: 1,
    host: { name: 'mail.example.test', flavor: spec.flavor ?? 'sendmail' },
    domains: spec.domains,
    accounts: (spec.accounts ?? []).map((name) => ({ name, passwordHash: TEST_PASSWORD_HASH, quotaMb: 1024 })),
    aliases: Object.entries(spec.aliases ?? {}).map(([name, targets]) => ({ name, targets: targets.map(aliasTarget) })),
    virtmaps: Object.entries(spec.virtmaps ?? {}).map(([key, target]) => {
      const at = key.lastIndexOf('@');
      return { domain: key.slice(at + 1).toLowerCase(), localPart: key.slice(0, at).toLowerCase(), target: virtmapTarget(target) };
    }),
  };
}

function aliasTarget(text: string): AliasTarget {
  // Names are taken as written so tests can name reserved or missing names too.
  if (/^\\?[a-z0-9][a-z0-9._-]*$/.test(text)) {
    return text.startsWith('\\') ? { kind: 'account', name: text.slice(1) } : { kind: 'local', name: text };
  }
  const parsed = parseAliasTarget(text);
  if (!parsed.ok) throw new Error(`buildSnapshot: alias target ${JSON.stringify(text)}: ${parsed.problems.join(' ')}`);
  return parsed.value;
}

function virtmapTarget(text: string): VirtmapTarget {
  if (/^[a-z0-9][a-z0-9._-]*$/.test(text)) return { kind: 'local', name: text };
  const parsed = parseVirtmapTarget(text);
  if (!parsed.ok) throw new Error(`buildSnapshot: virtmap target ${JSON.stringify(text)}: ${parsed.problems.join(' ')}`);
  return parsed.value;
}
