import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import type { AliasTargetKind, RejectCode as DbRejectCode, VirtmapTargetKind } from '../generated/prisma/enums';
import {
  flavorOf,
  type AliasTarget,
  type MailSnapshot,
  type SnapshotAccount,
  type SnapshotAutoreply,
  type SnapshotVirtmap,
} from '../mail/snapshot';
import { redactHashes } from '../mail/snapshot-redaction';
import { NotFoundError } from './errors';
import { assertKind } from './guard';
import { aliasTarget } from './alias-target-columns';
import { virtmapTarget } from './virtmap-columns';

// The database's view of one mail host as the plain MailSnapshot the resolver and renderers consume.
// Only what is live on the host is in it: the enabled domains whose ownership is proven (docs/tenancy.md)
// with their virtmaps, the aliases, and every account (a disabled one marked loginDisabled). Each carries its customer's tag. Sorted, so the same data always gives the same snapshot.

/**
 * For operators (and the command line): a whole host, every tenant's data on it, as a person reads it, so
 * with every password hash redacted (lib/mail/snapshot-redaction.ts). The sync worker does not come here:
 * it reads readHostSnapshot, hashes and all, to write Dovecot's passwd-file.
 */
export async function loadHostSnapshotByName(actor: Actor, hostName: string): Promise<MailSnapshot> {
  assertKind(actor, 'admin', 'support');
  const host = await db().mailHost.findUnique({ where: { name: hostName }, select: { id: true } });
  if (!host) throw new NotFoundError(`Mail host ${hostName}`);
  return redactHashes(await readHostSnapshot(host.id));
}

/**
 * For an admin rendering a host's Dovecot files on the command line (`render --flavor dovecot --host`):
 * the hashes as the sync worker reads them, since a passwd-file without them locks every mailbox out. They
 * go only into the files it writes (mode 0600), never to the screen; support is refused, as for any secret.
 */
export async function loadHostSnapshotWithHashes(actor: Actor, hostName: string): Promise<MailSnapshot> {
  assertKind(actor, 'admin');
  const host = await db().mailHost.findUnique({ where: { name: hostName }, select: { id: true } });
  if (!host) throw new NotFoundError(`Mail host ${hostName}`);
  return readHostSnapshot(host.id);
}

/**
 * The whole snapshot of a host, with no tenant filter: the MTA routes over all of it. Callers decide what
 * of it an actor may see (the sync job publishes all of it; traces are told as the asker may see them by lib/mail/told-trace.ts, called from lib/data/routes.ts).
 */
export async function readHostSnapshot(mailHostId: string, tx: Tx = db()): Promise<MailSnapshot> {
  const objects = await readHostObjects(mailHostId, tx);
  return { version: 2, host: objects.host, ...snapshotLists(objects) };
}

/** readHostObjects' objects as a snapshot's lists: the domains' names, owners and strictness apart. */
export function snapshotLists({ domains, accounts, aliases, virtmaps }: Awaited<ReturnType<typeof readHostObjects>>) {
  return {
    domains: domains.map((d) => d.name),
    domainOwners: Object.fromEntries(domains.map((d) => [d.name, d.owner])),
    strictDomains: domains.filter((d) => d.strict).map((d) => d.name),
    accounts,
    aliases,
    virtmaps,
  };
}

/** Some of a host's objects by key: the domains (with their virtmaps), accounts and aliases a save touched. */
export interface HostPart {
  domains: string[];
  accounts: { customerId: string; name: string }[];
  aliases: { customerId: string; name: string }[];
}

/** What a read of a host's objects leaves out: its virtmaps, or its accounts and aliases (lib/data/host-parts.ts). */
export interface Leaving {
  virtmaps?: true;
  names?: true;
}

/** A host's objects as a snapshot holds them, in its order: all of them, or those of `part`, less what `leave` says. */
export async function readHostObjects(mailHostId: string, tx: Tx, part?: HostPart, leave: Leaving = {}) {
  // Flat SQL reads joined in memory. Not findMany with nested selects: Prisma fetches a nested relation with
  // one bind parameter per parent row and refuses more than 32,767 (a host with 33,000 aliases failed), and
  // its object building was most of a big host's load (docs/publishing.md, figures: "snapshot read").
  // `COLLATE "C"` orders by code point, as the renderers do, whatever the database's locale.
  const host = await tx.mailHost.findUniqueOrThrow({ where: { id: mailHostId }, select: { name: true, flavor: true } });
  const inDomains = part ? Prisma.sql`AND d.name = ANY(${part.domains}::text[])` : Prisma.empty;
  const named = (names: HostPart['accounts'] | undefined, alias: string) =>
    names
      ? Prisma.sql`AND (${Prisma.raw(alias)}."customerId", ${Prisma.raw(alias)}.name) IN
          (SELECT * FROM unnest(${names.map((n) => n.customerId)}::uuid[], ${names.map((n) => n.name)}::text[]))`
      : Prisma.empty;
  // Every name and domain carries its customer's tag: the host view (lib/mail/tenancy.ts) keeps each
  // customer's mail inside it and gives its names their host-level form `tag-name`.
  const domains = await tx.$queryRaw<{ id: string; name: string; owner: string; strict: boolean }[]>`
    SELECT d.id::text AS id, d.name, c."mailTag" AS owner, d.strict FROM "Domain" d JOIN "Customer" c ON c.id = d."customerId"
    WHERE d."mailHostId" = ${mailHostId}::uuid AND d.enabled AND d."verifiedAt" IS NOT NULL ${inDomains} ORDER BY d.name COLLATE "C"`;
  // Disabled accounts stay for routing (their mail is kept) and are marked so Dovecot refuses their login.
  const accounts = leave.names
    ? []
    : await tx.$queryRaw<AccountRow[]>`
    SELECT a.name, c."mailTag" AS owner, a."passwordHash", a."quotaMb", a.enabled, a.mailbox, a."loginAddress", a."legacyLogin",
           r.subject AS "arSubject", r.body AS "arText", to_char(r."startsOn", 'YYYY-MM-DD') AS "arStartsOn",
           to_char(r."endsOn", 'YYYY-MM-DD') AS "arEndsOn", r.days AS "arDays"
    FROM "Account" a JOIN "Customer" c ON c.id = a."customerId" LEFT JOIN "Autoreply" r ON r."accountId" = a.id
    WHERE a."mailHostId" = ${mailHostId}::uuid ${named(part?.accounts, 'a')} ORDER BY c."mailTag" COLLATE "C", a.name COLLATE "C"`;
  const aliasRows = leave.names
    ? []
    : await tx.$queryRaw<AliasRow[]>`
    SELECT a.name, c."mailTag" AS owner, t.kind::text AS kind, t.value
    FROM "Alias" a JOIN "Customer" c ON c.id = a."customerId" LEFT JOIN "AliasTarget" t ON t."aliasId" = a.id
    WHERE a."mailHostId" = ${mailHostId}::uuid ${named(part?.aliases, 'a')} ORDER BY c."mailTag" COLLATE "C", a.name COLLATE "C", t.position`;
  const virtmaps = leave.virtmaps
    ? []
    : await tx.$queryRaw<VirtmapRow[]>`
    SELECT d.name AS domain, v."localPart", v."targetKind"::text AS "targetKind", v."targetValue",
           v."rejectCode"::text AS "rejectCode", v."rejectStatus", v."rejectText", v."targetDetail", v."keepDetail"
    FROM "Virtmap" v JOIN "Domain" d ON d.id = v."domainId"
    WHERE d."mailHostId" = ${mailHostId}::uuid AND d.enabled AND d."verifiedAt" IS NOT NULL ${inDomains}
    ORDER BY d.name COLLATE "C", v."localPart" COLLATE "C"`;
  // One string per domain name, shared by its virtmaps (a million-row host repeats each ten times).
  const names = new Map(domains.map((d) => [d.name, d.name]));
  return {
    host: { name: host.name, flavor: flavorOf(host.flavor) },
    domains,
    accounts: accounts.map(snapshotAccount),
    aliases: groupAliases(aliasRows),
    virtmaps: virtmaps.map((v) => ({ domain: names.get(v.domain) ?? v.domain, localPart: v.localPart, target: virtmapTarget(v) })),
  };
}

/**
 * The virtmaps of these domains (each given with its id), in a snapshot's order: by domain, then local
 * part. By the domains' ids in one bitmap scan: joined to the domains by name, the database looked each
 * domain's virtmaps up one domain at a time, a random read each, several times slower for a big chunk of
 * a host's domains (lib/data/host-parts.ts reads them 2,048 domains at a time).
 */
export async function readVirtmapsOf(tx: Tx, domains: readonly { id: string; name: string }[]): Promise<SnapshotVirtmap[]> {
  if (domains.length === 0) return [];
  const rows = await tx.$queryRaw<(VirtmapRow & { domainId: string })[]>`
    SELECT v."domainId"::text AS "domainId", v."localPart", v."targetKind"::text AS "targetKind", v."targetValue",
           v."rejectCode"::text AS "rejectCode", v."rejectStatus", v."rejectText", v."targetDetail", v."keepDetail"
    FROM "Virtmap" v WHERE v."domainId" = ANY(${domains.map((d) => d.id)}::uuid[])
    ORDER BY v."localPart" COLLATE "C"`;
  const byDomain = new Map<string, SnapshotVirtmap[]>(domains.map((d) => [d.id, []]));
  const nameOf = new Map(domains.map((d) => [d.id, d.name]));
  for (const v of rows)
    byDomain.get(v.domainId)?.push({ domain: nameOf.get(v.domainId) as string, localPart: v.localPart, target: virtmapTarget(v) });
  return [...domains].sort((a, b) => compareCodePoints(a.name, b.name)).flatMap((d) => byDomain.get(d.id) ?? []);
}

/** Code-point order, as `COLLATE "C"` sorts (the names are ASCII A-labels). */
const compareCodePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface AccountRow {
  name: string;
  owner: string;
  passwordHash: string;
  quotaMb: number;
  enabled: boolean;
  mailbox: string;
  loginAddress: string | null;
  legacyLogin: string | null;
  /** The autoreply's columns, all null when the account has none. */
  arSubject: string | null;
  arText: string | null;
  arStartsOn: string | null;
  arEndsOn: string | null;
  arDays: number | null;
}

function snapshotAccount(a: AccountRow): SnapshotAccount {
  return {
    name: a.name,
    owner: a.owner,
    passwordHash: a.passwordHash,
    quotaMb: a.quotaMb,
    mailbox: a.mailbox,
    ...(a.loginAddress ? { login: a.loginAddress } : {}),
    ...(a.legacyLogin ? { legacyLogin: a.legacyLogin } : {}),
    ...(a.enabled ? {} : { loginDisabled: true as const }),
    ...(a.arSubject !== null ? { autoreply: snapshotAutoreply(a) } : {}),
  };
}

function snapshotAutoreply(a: AccountRow): SnapshotAutoreply {
  return {
    subject: a.arSubject ?? '',
    text: a.arText ?? '',
    ...(a.arStartsOn ? { startsOn: a.arStartsOn } : {}),
    ...(a.arEndsOn ? { endsOn: a.arEndsOn } : {}),
    days: a.arDays ?? 7,
  };
}

interface VirtmapRow {
  domain: string;
  localPart: string;
  targetKind: VirtmapTargetKind;
  targetValue: string;
  rejectCode: DbRejectCode | null;
  rejectStatus: string | null;
  rejectText: string | null;
  targetDetail: string | null;
  keepDetail: boolean;
}

interface AliasRow {
  name: string;
  owner: string;
  kind: AliasTargetKind | null;
  value: string | null;
}

/** Alias rows (one per target, in alias then position order) as aliases with their targets. */
function groupAliases(rows: AliasRow[]): MailSnapshot['aliases'] {
  const aliases: MailSnapshot['aliases'] = [];
  let last: { name: string; owner: string; targets: AliasTarget[] } | undefined;
  for (const { name, owner, kind, value } of rows) {
    if (last?.name !== name || last.owner !== owner) aliases.push((last = { name, owner, targets: [] }));
    // An alias without targets (a LEFT JOIN's nulls) stays, so the checks and renderers refuse it by name.
    if (kind !== null && value !== null) last.targets.push(aliasTarget({ kind, value }));
  }
  return aliases;
}
