// Which probe addresses a kept-out line (or a change the dry run announces) explains: an address whose route
// on the OLD host passes through an entry the import did not take may route differently afterwards, and
// the report says so; every other address must route exactly as before. The route is followed as sendmail
// does (DOMAIN.md row 5's lookup order, then aliases, then users), on what the reader read.
import type { ImportPlan } from '@/lib/mail/import-plan';
import type { LegacyHost, LegacyTarget } from '@/lib/mail/legacy-host';
import { splitDetail } from '@/lib/mail/virtmap-lookup';

export function keptOutExplains(legacy: LegacyHost, plan: ImportPlan): (address: string) => string | null {
  const imported = new Set(plan.virtmaps.map((v) => `${v.localPart}@${v.domain}`));
  const importedNames = new Set([...plan.accounts.map((a) => a.name), ...plan.aliases.map((a) => a.name)]);
  const keptKeys = new Map<string, string>();
  const keptNames = new Map<string, string>();
  for (const k of plan.keptOut) {
    const where = `${k.file}:${k.line} ${k.reason}`;
    if (k.file === 'virtusertable' && !imported.has(k.key)) keptKeys.set(k.key, where);
    else if ((k.file === 'aliases' || k.file === 'passwd') && !importedNames.has(k.key)) keptNames.set(k.key, where);
  }
  const domains = new Set(legacy.domains);
  const virtmaps = new Map(legacy.virtmaps.map((v) => [`${v.localPart}@${v.domain}`, v]));
  const aliases = new Map(legacy.aliases.map((a) => [a.name, a]));
  const opened = new Set(plan.roleAddressesOpened);

  const viaName = (name: string, seen: Set<string>): string | null => {
    const bare = splitDetail(name.toLowerCase()).user;
    if (seen.has(bare)) return null;
    seen.add(bare);
    const kept = keptNames.get(bare);
    if (kept) return kept;
    const alias = aliases.get(bare);
    if (!alias) return null;
    for (const t of alias.targets) {
      const why = viaTarget(t, bare, seen);
      if (why) return why;
    }
    return null;
  };
  const viaTarget = (t: LegacyTarget, percent1: string, seen: Set<string>): string | null => {
    if (t.kind === 'name' || t.kind === 'account') return viaName(t.name, seen);
    if (t.kind === 'address') return viaAddress(t.address, seen);
    if (t.kind === 'template') {
      const value = t.value.replace(/%1/g, percent1).replace(/%[23]/g, '');
      return value.includes('@') ? viaAddress(value, seen) : viaName(value, seen);
    }
    return null;
  };
  const viaAddress = (address: string, seen: Set<string>): string | null => {
    if (seen.size > 50) return null;
    const at = address.lastIndexOf('@');
    const local = address.slice(0, at);
    const domain = address.slice(at + 1).toLowerCase();
    if (!domains.has(domain)) return null;
    if (opened.has(`${local.toLowerCase()}@${domain}`)) return 'the dry run: postmaster@ and abuse@ stay deliverable (RFC 5321)';
    const { user, detail } = splitDetail(local);
    const candidates =
      detail === undefined
        ? [local, '']
        : [local, ...(detail ? [`${user}++`] : []), `${user}+*`, user, ...(detail ? ['++'] : []), '+*', ''];
    for (const candidate of candidates) {
      const key = `${candidate.toLowerCase()}@${domain}`;
      const kept = keptKeys.get(key);
      if (kept) return kept;
      const v = virtmaps.get(key);
      if (v) return viaTarget(v.target, candidate === local ? local : user, seen);
    }
    return viaName(user, seen);
  };
  return (address) => viaAddress(address, new Set());
}
