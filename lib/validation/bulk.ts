import { z } from 'zod';

// A bulk action on a list: which kind of object, what to do, and which rows (the checkboxes ticked). The ids
// come from the browser, so they are only a wish: the data layer loads them within the actor's tenant and
// refuses the whole batch when one is not there (lib/data/bulk-change.ts).

/** The most rows one batch may change: one review must stay readable, and one transaction short. */
export const MAX_BATCH = 500;

/** What each list offers. Aliases have no enabled state; a domain's deletion asks for its typed name, one by one. */
export const BULK_OPS = {
  account: ['enable', 'disable', 'delete'],
  alias: ['delete'],
  domain: ['enable', 'disable'],
} as const;

export type BulkKind = keyof typeof BULK_OPS;
export type BulkOp = 'enable' | 'disable' | 'delete';

const ids = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.uuid({ message: 'A selected row is not one of this list’s.' }))
    .min(1, { message: 'Select at least one row first.' })
    .max(MAX_BATCH, { message: `Select at most ${MAX_BATCH} rows at a time.` }),
);

/** The query of a bulk review page (`?op=disable&ids=…&ids=…`) for one kind of list. */
export function bulkQuery(kind: BulkKind) {
  return z.object({
    op: z.enum(BULK_OPS[kind] as readonly [BulkOp, ...BulkOp[]], { message: 'Choose what to do with the selected rows.' }),
    ids: ids.transform((list) => [...new Set(list)]),
  });
}

export type BulkInput = { kind: BulkKind; op: BulkOp; ids: string[] };

/**
 * The batch a review page binds to its submit (app/(panel)/bulk/actions.ts). Bound arguments travel through
 * the browser, so the submit parses it again: a kind, an operation that kind offers, and ids.
 */
export const BulkBatch: z.ZodType<BulkInput, unknown> = z
  .object({
    kind: z.enum(['account', 'alias', 'domain'], { message: 'This list has no bulk actions.' }),
    op: z.enum(['enable', 'disable', 'delete'], { message: 'Choose what to do with the selected rows.' }),
    ids,
  })
  .refine((b) => (BULK_OPS[b.kind] as readonly BulkOp[]).includes(b.op), {
    message: 'This list does not offer that action.',
    path: ['op'],
  });

/** What a bulk action does, in the words of its button and its review. */
export const BULK_VERB: Record<BulkOp, string> = { enable: 'Enable', disable: 'Disable', delete: 'Delete' };
