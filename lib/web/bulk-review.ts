import type { Actor } from '../auth/actor';
import { describeBulk } from '../data/bulk-change';
import { DomainError } from '../data/errors';
import { BULK_VERB, bulkQuery, type BulkInput, type BulkKind } from '../validation/bulk';
import { LIST_PATH, rowsWord } from './bulk-words';

// What a bulk review page shows: the batch read from its address (`?op=…&ids=…`), each row loaded within
// the actor's tenant, or the reason it cannot be reviewed (nothing selected, or a row that is not there).

export interface BulkReviewRow {
  id: string;
  name: string;
  customer: string;
  host: string;
  enabled: boolean | null;
}

export interface BulkReview {
  title: string;
  back: string;
  rows: BulkReviewRow[];
  problem: string | null;
  batch: BulkInput | null;
  label: string;
  confirmLabel: string;
  danger: boolean;
}

export async function loadBulkReview(actor: Actor, kind: BulkKind, params: Record<string, unknown>): Promise<BulkReview> {
  const back = LIST_PATH[kind];
  const parsed = bulkQuery(kind).safeParse(params);
  const base = { back, rows: [], batch: null, label: 'Review changes', confirmLabel: 'Confirm', danger: false };
  if (!parsed.success) return { ...base, title: 'Change the selected', problem: parsed.error.issues[0]?.message ?? 'Select rows first.' };
  const { op, ids } = parsed.data;
  const title = `${BULK_VERB[op]} ${rowsWord(kind, ids.length)}`;
  try {
    const rows = await describeBulk(actor, kind, op, ids);
    const shown = rows.map((r) => ({ id: r.id, name: r.name, customer: r.customer.name, host: r.host, enabled: r.enabled }));
    return { ...base, title, rows: shown, problem: null, batch: { kind, op, ids }, confirmLabel: title, danger: op === 'delete' };
  } catch (error) {
    if (error instanceof DomainError) return { ...base, title, problem: error.message };
    throw error;
  }
}
