import type { BulkInput, BulkKind, BulkOp } from '../validation/bulk';

// The words and addresses around a bulk action: where each list lives, what its rows are called, and the
// notice the list shows after a batch (built from the address's op and count, never from free text in it).

export const LIST_PATH: Record<BulkKind, string> = { account: '/accounts', alias: '/aliases', domain: '/domains' };
const NOUN: Record<BulkKind, [string, string]> = {
  account: ['account', 'accounts'],
  alias: ['alias', 'aliases'],
  domain: ['domain', 'domains'],
};
const DONE: Record<BulkOp, string> = { enable: 'enabled', disable: 'disabled', delete: 'deleted' };

export const rowsWord = (kind: BulkKind, n: number) => `${n} ${NOUN[kind][n === 1 ? 0 : 1]}`;

/** The list's address after a batch: `?bulk=<op>&count=<n>`. */
export const bulkDoneHref = (batch: BulkInput, count: number) => `${LIST_PATH[batch.kind]}?bulk=${batch.op}&count=${count}`;

/** The notice for `?bulk=…&count=…`, or null when the address holds none (or something else). */
export function bulkDoneNotice(kind: BulkKind, params: Record<string, string | string[] | undefined>): string | null {
  const op = params.bulk;
  const count = Number(params.count);
  if (typeof op !== 'string' || !(op in DONE) || !Number.isInteger(count) || count < 0) return null;
  if (count === 0) return `Nothing to change: the selected ${NOUN[kind][1]} were ${DONE[op as BulkOp]} already.`;
  return `${rowsWord(kind, count)} ${DONE[op as BulkOp]}. Waiting for sync.`;
}
