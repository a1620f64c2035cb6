'use server';

import { applyBulk } from '@/lib/data/bulk-change';
import type { BulkInput } from '@/lib/validation/bulk';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { bulkDoneHref, LIST_PATH } from '@/lib/web/bulk-words';

/** A bulk review's submit: the batch (kind, op and ids) is bound on the server by its review page. */
export async function applyBulkAction(batch: BulkInput, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    confirmKey: () => batch,
    run: (actor, _input, review) => applyBulk(actor, batch, review),
    done: (count) => ({ revalidate: [LIST_PATH[batch.kind]], redirect: bulkDoneHref(batch, count) }),
  });
}
