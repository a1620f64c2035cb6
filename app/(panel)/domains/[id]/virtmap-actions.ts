'use server';

import { createVirtmap, deleteVirtmap } from '@/lib/data/virtmaps';
import { VirtmapInput } from '@/lib/validation/mail-objects';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

const saved = (domainId: string, key: string, what: string) => ({
  revalidate: [`/domains/${domainId}`],
  message: `${key} ${what}. Waiting for sync.`,
});

export async function createVirtmapAction(domainId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    parse: (values) => VirtmapInput.safeParse({ ...values, domainId }),
    run: (actor, input, review) => createVirtmap(actor, input, review),
    done: ({ key }) => saved(domainId, key, 'saved'),
  });
}

export async function deleteVirtmapAction(virtmapId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    confirmKey: () => ({ virtmapId, delete: true }),
    run: (actor, _input, review) => deleteVirtmap(actor, virtmapId, review),
    done: ({ key, domainId }) => ({
      revalidate: [`/domains/${domainId}`],
      redirect: `/domains/${domainId}?deleted=${encodeURIComponent(key)}`,
    }),
  });
}
