'use server';

import { applyBulk } from '@/lib/data/bulk-change';
import { BulkBatch, type BulkInput } from '@/lib/validation/bulk';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { bulkDoneHref, LIST_PATH } from '@/lib/web/bulk-words';

/** A bulk review's submit: the batch (kind, op and ids) is bound by its review page and parsed again here. */
export async function applyBulkAction(batch: BulkInput, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    parse: () => BulkBatch.safeParse(batch),
    run: (actor, input, review) => applyBulk(actor, input, review),
    done: (count, input) => ({ revalidate: [LIST_PATH[input.kind]], redirect: bulkDoneHref(input, count) }),
  });
}
