'use server';

import { createDomain } from '@/lib/data/domains';
import { DomainInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function createDomainAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    schema: DomainInput,
    run: (actor, input) => createDomain(actor, input),
    done: (created) => ({ revalidate: ['/domains'], redirect: `/domains/${created.id}?created=1` }),
  });
}
