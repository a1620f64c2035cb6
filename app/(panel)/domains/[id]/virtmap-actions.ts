'use server';

import { createVirtmap, deleteVirtmap } from '@/lib/data/virtmaps';
import { VirtmapInput } from '@/lib/validation/mail-objects';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function createVirtmapAction(domainId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    parse: (values) => VirtmapInput.safeParse({ ...values, domainId }), // checks the bound domainId as an id too
    run: (actor, input, review) => createVirtmap(actor, input, review),
    done: ({ key }) => ({ revalidate: [`/domains/${domainId}`], message: `${key} saved. Waiting for sync.` }),
  });
}

export async function deleteVirtmapAction(virtmapId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [virtmapId],
    confirmKey: () => ({ virtmapId, delete: true }),
    run: (actor, _input, review) => deleteVirtmap(actor, virtmapId, review),
    done: ({ key, domainId }) => ({
      revalidate: [`/domains/${domainId}`],
      redirect: `/domains/${domainId}?deleted=${encodeURIComponent(key)}`,
    }),
  });
}
