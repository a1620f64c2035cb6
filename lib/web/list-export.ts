import type { Actor } from '../auth/actor';
import { ACCOUNT_SORTS, listAccounts } from '../data/account-list';
import { ALIAS_SORTS, listAliases } from '../data/alias-list';
import { DOMAIN_SORTS, listDomains } from '../data/domain-list';
import { formatAliasTarget } from '../mail/targets';
import { addressForDisplay } from '../mail/idn';
import { listQuery } from '../validation/list-query';
import { csvLine } from './csv';

// "Download CSV" of a list: the same data function, search, filters, sort and tenant as the page, read
// whole by keyset in chunks (no OFFSET, and never the whole table in memory at once).

export const EXPORTABLE = ['accounts', 'aliases', 'domains'] as const;
export type ExportableList = (typeof EXPORTABLE)[number];

const CHUNK = 1000;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The CSV of the list `list` as `params` (the page's address) shows it, header first, chunk by chunk. */
export async function* listCsv(actor: Actor, list: ExportableList, params: Record<string, unknown>): AsyncGenerator<string> {
  switch (list) {
    case 'accounts': {
      const query = listQuery(ACCOUNT_SORTS).parse(params);
      yield csvLine(['Account', 'Login address', 'Customer', 'Mail host', 'Quota (MiB)', 'Status', 'Added']);
      for (let after: string | undefined, more = true; more;) {
        const page = await listAccounts(actor, { ...query, customerId: query.customer, before: undefined, after }, CHUNK);
        for (const a of page.rows) {
          const login = a.loginAddress ? addressForDisplay(a.loginAddress) : '';
          yield csvLine([a.name, login, a.customer.name, a.mailHost.name, a.quotaMb, a.enabled ? 'enabled' : 'disabled', day(a.createdAt)]);
        }
        [after, more] = [page.next ?? undefined, page.next !== null];
      }
      return;
    }
    case 'aliases': {
      const query = listQuery(ALIAS_SORTS).parse(params);
      yield csvLine(['Alias', 'Targets', 'Customer', 'Mail host', 'Added']);
      for (let after: string | undefined, more = true; more;) {
        const page = await listAliases(actor, { ...query, before: undefined, after }, CHUNK);
        for (const a of page.rows) {
          const targets = a.targets.map((t) => addressForDisplay(formatAliasTarget(t))).join(', ');
          yield csvLine([a.name, targets, a.customer.name, a.mailHost.name, day(a.createdAt)]);
        }
        [after, more] = [page.next ?? undefined, page.next !== null];
      }
      return;
    }
    case 'domains': {
      const query = listQuery(DOMAIN_SORTS).parse(params);
      yield csvLine(['Domain', 'ASCII form', 'Customer', 'Mail host', 'Virtmaps', 'Status', 'Ownership proven', 'Added']);
      for (let after: string | undefined, more = true; more;) {
        const page = await listDomains(actor, { ...query, customerId: query.customer, before: undefined, after }, CHUNK);
        for (const d of page.rows) {
          const status = d.enabled ? 'enabled' : 'disabled';
          const proven = d.verifiedAt ? 'yes' : 'no';
          yield csvLine([
            addressForDisplay(d.name),
            d.name,
            d.customer.name,
            d.mailHost.name,
            d._count.virtmaps,
            status,
            proven,
            day(d.createdAt),
          ]);
        }
        [after, more] = [page.next ?? undefined, page.next !== null];
      }
      return;
    }
  }
}
