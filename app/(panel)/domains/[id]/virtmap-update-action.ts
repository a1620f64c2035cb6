'use server';

import { updateVirtmap } from '@/lib/data/virtmaps';
import { VirtmapInput } from '@/lib/validation/mail-objects';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** The key is bound by the page (checked with the form, and as the actor's by the data layer); the target is typed. */
export async function updateVirtmapAction(
  virtmapId: string,
  domainId: string,
  localPart: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  return runFormAction(formData, {
    bound: [virtmapId, domainId], // localPart is checked with the form (VirtmapInput)
    parse: (values) => VirtmapInput.safeParse({ ...values, domainId, localPart }),
    confirmKey: (input) => ({ virtmapId, ...input }),
    run: (actor, input, review) => updateVirtmap(actor, virtmapId, input, review),
    done: ({ key }) => ({ revalidate: [`/domains/${domainId}`], message: `${key} saved. Waiting for sync.` }),
  });
}
