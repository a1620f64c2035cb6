import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { MailCsvKind } from '../mail/mail-csv';
import { formatAliasTarget, formatVirtmapTarget } from '../mail/targets';
import { NotFoundError } from './errors';
import { accountScope, aliasScope, virtmapScope } from './scope';
import { aliasTarget } from './alias-target-columns';
import { VIRTMAP_TARGET_SELECT, virtmapTarget } from './virtmap-columns';

// The rows of "Export CSV" (lib/mail/mail-csv.ts's layout): every account, alias and virtmap in the actor's
// tenant, in pages of a thousand by id (keyset), so a big tenant is never one query or one array.

const PAGE = 1000;

export type MailCsvCells = [MailCsvKind, string, string, string, string, string, string, string];

export async function* mailCsvRows(actor: Actor): AsyncGenerator<MailCsvCells> {
  if (actor.kind === 'mailbox') throw new NotFoundError('Exporting mail');
  for (let after: string | undefined; ;) {
    const rows = await db().account.findMany({
      where: { AND: [accountScope(actor), after ? { id: { gt: after } } : {}] },
      orderBy: { id: 'asc' },
      take: PAGE,
      select: {
        id: true,
        name: true,
        quotaMb: true,
        enabled: true,
        loginAddress: true,
        mailHost: { select: { name: true } },
        customer: { select: { name: true } },
      },
    });
    for (const a of rows)
      yield ['account', a.mailHost.name, a.customer.name, a.name, '', a.loginAddress ?? '', String(a.quotaMb), a.enabled ? 'yes' : 'no'];
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  for (let after: string | undefined; ;) {
    const rows = await db().alias.findMany({
      where: { AND: [aliasScope(actor), after ? { id: { gt: after } } : {}] },
      orderBy: { id: 'asc' },
      take: PAGE,
      select: {
        id: true,
        name: true,
        mailHost: { select: { name: true } },
        customer: { select: { name: true } },
        targets: { select: { kind: true, value: true }, orderBy: { position: 'asc' } },
      },
    });
    for (const a of rows) {
      const targets = a.targets.map((t) => formatAliasTarget(aliasTarget(t)));
      yield ['alias', a.mailHost.name, a.customer.name, a.name, '', targets.join(', '), '', ''];
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  for (let after: string | undefined; ;) {
    const rows = await db().virtmap.findMany({
      where: { AND: [virtmapScope(actor), after ? { id: { gt: after } } : {}] },
      orderBy: { id: 'asc' },
      take: PAGE,
      select: {
        id: true,
        localPart: true,
        ...VIRTMAP_TARGET_SELECT,
        domain: { select: { name: true, mailHost: { select: { name: true } }, customer: { select: { name: true } } } },
      },
    });
    for (const v of rows) {
      const d = v.domain;
      yield ['virtmap', d.mailHost.name, d.customer.name, v.localPart, d.name, formatVirtmapTarget(virtmapTarget(v)), '', ''];
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
}
