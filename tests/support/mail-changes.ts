import { checkTransition, type ChangeReport, type CheckOptions } from '@/lib/mail/change-checks';
import type { MailSnapshot, SnapshotAccount, SnapshotAlias, SnapshotVirtmap } from '@/lib/mail/snapshot';

// A proposed change to one mail host's data, and the snapshot it would leave: how the unit tests of the
// write-time checks and the route preview describe a save (the data layer reads the host before and after
// its writes instead, and calls checkTransition).

export type MailChange =
  /** Create an account, or replace the one named `previousName` (default: the same name). */
  | { kind: 'putAccount'; account: SnapshotAccount; previousName?: string }
  | { kind: 'removeAccount'; name: string }
  /** Create an alias, or replace the one named `previousName` (default: the same name). */
  | { kind: 'putAlias'; alias: SnapshotAlias; previousName?: string }
  | { kind: 'removeAlias'; name: string }
  /** Create a virtmap, or replace the one at `previous` (default: the same key). */
  | { kind: 'putVirtmap'; virtmap: SnapshotVirtmap; previous?: { domain: string; localPart: string } }
  | { kind: 'removeVirtmap'; domain: string; localPart: string }
  | { kind: 'putDomain'; domain: string }
  /** Removes the domain and its virtmaps. */
  | { kind: 'removeDomain'; domain: string }
  /** Several changes saved together, e.g. an account and its address. */
  | { kind: 'batch'; changes: MailChange[] };

/** The snapshot after `change`; `snapshot` is not modified. Order is kept; new objects go last. */
export function applyChange(snapshot: MailSnapshot, change: MailChange): MailSnapshot {
  switch (change.kind) {
    case 'batch':
      return change.changes.reduce(applyChange, snapshot);
    case 'putAccount':
      return {
        ...snapshot,
        accounts: put(snapshot.accounts, change.account, (a) => a.name === (change.previousName ?? change.account.name)),
      };
    case 'removeAccount':
      return { ...snapshot, accounts: snapshot.accounts.filter((a) => a.name !== change.name) };
    case 'putAlias':
      return { ...snapshot, aliases: put(snapshot.aliases, change.alias, (a) => a.name === (change.previousName ?? change.alias.name)) };
    case 'removeAlias':
      return { ...snapshot, aliases: snapshot.aliases.filter((a) => a.name !== change.name) };
    case 'putVirtmap': {
      const at = change.previous ?? change.virtmap;
      return {
        ...snapshot,
        virtmaps: put(snapshot.virtmaps, change.virtmap, (v) => v.domain === at.domain && v.localPart === at.localPart),
      };
    }
    case 'removeVirtmap':
      return { ...snapshot, virtmaps: snapshot.virtmaps.filter((v) => !(v.domain === change.domain && v.localPart === change.localPart)) };
    case 'putDomain':
      return snapshot.domains.includes(change.domain) ? snapshot : { ...snapshot, domains: [...snapshot.domains, change.domain] };
    case 'removeDomain':
      return {
        ...snapshot,
        domains: snapshot.domains.filter((d) => d !== change.domain),
        virtmaps: snapshot.virtmaps.filter((v) => v.domain !== change.domain),
      };
  }
}

function put<T>(items: T[], item: T, same: (existing: T) => boolean): T[] {
  const at = items.findIndex(same);
  if (at === -1) return [...items, item];
  return items.map((existing, i) => (i === at ? item : existing));
}

/**
 * The virtmaps `name@domain → name` that keep accounts reachable at a domain that gets a catch-all
 * (DOMAIN.md, "What the panel must make visible": offer to add them).
 */
export function keepAccountsChange(domain: string, names: readonly string[]): MailChange {
  return {
    kind: 'batch',
    changes: names.map((name) => ({ kind: 'putVirtmap', virtmap: { domain, localPart: name, target: { kind: 'local', name } } })),
  };
}

/** The write-time checks of `change` on `before` (lib/mail/change-checks.ts). */
export function checkChange(before: MailSnapshot, change: MailChange, options: CheckOptions = {}): ChangeReport {
  return checkTransition(before, applyChange(before, change), options);
}
