import './server-only';
import { Resolver } from 'node:dns/promises';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { ownershipConflicts, ownershipRecord, parseDnsServers, txtProvesToken, type TxtRecord } from '../mail/domain-ownership';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { changeMail } from './mail-change';
import { domainScope } from './scope';

// A domain takes mail only once its ownership is proven (issue 8, rule 5; docs/domain-ownership.md): by
// a TXT record `_mailpanel-verify.<domain>` holding the domain's token, or by an operator's approval.
// Until then lib/data/snapshots.ts leaves it off the mail host, so mail to it is relayed like mail to any
// foreign domain. Both ways are idempotent; the first that succeeds marks the host for sync.

export interface OwnershipState {
  id: string;
  name: string;
  verifiedAt: Date | null;
  verifiedBy: string | null;
  /** False when the domain was verified already and nothing changed. */
  changed: boolean;
}

type Method = 'dns' | 'operator';

const OWNED = {
  id: true,
  name: true,
  verifyToken: true,
  verifiedAt: true,
  verifiedBy: true,
  mailHostId: true,
  customer: { select: { id: true, resellerId: true } },
} as const;

/** Looks up the domain's TXT record and, when it holds the token, lets the domain take mail. */
export async function verifyDomainByDns(actor: Actor, domainId: string): Promise<OwnershipState> {
  const domain = await db().domain.findFirst({ where: { AND: [domainScope(actor), { id: domainId }] }, select: OWNED });
  if (!domain) throw new NotFoundError('That domain');
  assertCan(actor, 'update', { type: 'domain', resellerId: domain.customer.resellerId, customerId: domain.customer.id });
  if (domain.verifiedAt) return { ...state(domain), changed: false };
  const record = ownershipRecord(domain.name, domain.verifyToken);
  await assertTxtProves(record, domain.verifyToken);
  return markVerified(actor, domainId, 'dns', { record: record.name });
}

/** An operator vouches for the domain's ownership (e.g. after checking a contract); audited. */
export async function approveDomain(actor: Actor, domainId: string): Promise<OwnershipState> {
  // Only operators approve; to anyone else this act does not exist, like another tenant's row.
  if (actor.kind !== 'admin') throw new NotFoundError('That domain');
  return markVerified(actor, domainId, 'operator', {});
}

/**
 * The domain starts taking mail: like any change to a host's mail, through changeMail (the host's lock,
 * the review — its virtmaps go live now, so a loop or dead end among them is refused here — the audit
 * event and the sync mark, in one transaction).
 */
async function markVerified(actor: Actor, domainId: string, method: Method, details: Record<string, string>): Promise<OwnershipState> {
  const current = await db().domain.findFirst({ where: { AND: [domainScope(actor), { id: domainId }] }, select: OWNED });
  if (!current) throw new NotFoundError('That domain');
  if (current.verifiedAt) return { ...state(current), changed: false };
  const result = await changeMail(actor, current.mailHostId, { confirm: () => true }, async (tx) => {
    // One verification at a time: two customers proving a parent and its subdomain cannot both win.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('mailpanel.domain-ownership'), 0)`;
    const domain = await tx.domain.findFirst({ where: { AND: [domainScope(actor), { id: domainId }] }, select: OWNED });
    if (!domain) throw new NotFoundError('That domain');
    const problems = ownershipConflicts(domain.name, {
      verifiedOfOthers: await verifiedParentsOfOthers(tx, domain.name, domain.customer.id),
      hostNames: await hostNames(tx),
    });
    if (problems.length > 0) throw new DomainError(problems.join(' '));
    const verified = await tx.domain.update({
      where: { id: domain.id },
      data: { verifiedAt: new Date(), verifiedBy: method },
      select: { id: true, name: true, verifiedAt: true, verifiedBy: true },
    });
    return {
      result: { ...verified, changed: true },
      audit: {
        action: method === 'dns' ? 'domain.verify' : 'domain.approve',
        targetType: 'domain',
        targetId: domain.id,
        resellerId: domain.customer.resellerId,
        customerId: domain.customer.id,
        details: { name: domain.name, method, ...details },
      },
      probes: [],
    };
  });
  return result;
}

/** Verified domains of other customers that `name` is, or is under (a.b.example → b.example, example). */
async function verifiedParentsOfOthers(tx: Tx, name: string, customerId: string): Promise<string[]> {
  const labels = name.split('.');
  const candidates = labels.map((_, i) => labels.slice(i).join('.'));
  const rows = await tx.domain.findMany({
    where: { name: { in: candidates }, customerId: { not: customerId }, verifiedAt: { not: null } },
    select: { name: true },
  });
  return rows.map((r) => r.name);
}

/** Every name a mail host of this panel answers to: its name in the panel and its SSH address. */
export async function hostNames(tx: Tx): Promise<string[]> {
  const hosts = await tx.mailHost.findMany({ select: { name: true, sshHost: true } });
  return hosts.flatMap((h) => (h.sshHost ? [h.name, h.sshHost] : [h.name]));
}

async function assertTxtProves(record: TxtRecord, token: string): Promise<void> {
  let answers: string[][];
  try {
    answers = await dnsResolver().resolveTxt(record.name);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      throw new DomainError(
        `No TXT record was found at ${record.name}. Add it with the value ${record.value}, wait until your DNS provider publishes it, and check again.`,
      );
    }
    throw new DomainError(
      `The DNS lookup of ${record.name} failed (${typeof code === 'string' ? code : 'no answer'}). Nothing was changed; try again in a few minutes.`,
    );
  }
  if (txtProvesToken(answers, token)) return;
  const found = answers
    .slice(0, 3)
    .map((pieces) => JSON.stringify(pieces.join('').slice(0, 80)))
    .join(', ');
  throw new DomainError(
    `The TXT record at ${record.name} does not hold ${record.value} (found ${found}). Set it to exactly that value and check again.`,
  );
}

// MAILPANEL_DNS_SERVERS (e.g. "127.0.0.1:5353,192.0.2.53") names the servers to ask; else the system's.
function dnsResolver(): Resolver {
  const parsed = parseDnsServers(process.env.MAILPANEL_DNS_SERVERS);
  if (!parsed.ok) throw new Error(`MAILPANEL_DNS_SERVERS: ${parsed.problem}`);
  const resolver = new Resolver({ timeout: 5_000, tries: 2 });
  if (parsed.servers.length > 0) resolver.setServers(parsed.servers);
  return resolver;
}

function state(d: { id: string; name: string; verifiedAt: Date | null; verifiedBy: string | null }) {
  return { id: d.id, name: d.name, verifiedAt: d.verifiedAt, verifiedBy: d.verifiedBy };
}
