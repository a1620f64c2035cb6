'use server';

import { updateVirtmap } from '@/lib/data/virtmaps';
import { VirtmapInput } from '@/lib/validation/mail-objects';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** The key is bound on the server; only the target comes from the form. */
export async function updateVirtmapAction(
  virtmapId: string,
  domainId: string,
  localPart: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  return runFormAction(formData, {
    parse: (values) => VirtmapInput.safeParse({ ...values, domainId, localPart }),
    confirmKey: (input) => ({ virtmapId, ...input }),
    run: (actor, input, review) => updateVirtmap(actor, virtmapId, input, review),
    done: ({ key }) => ({ revalidate: [`/domains/${domainId}`], message: `${key} saved. Waiting for sync.` }),
  });
}
