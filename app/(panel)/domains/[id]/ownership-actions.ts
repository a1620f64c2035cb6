'use server';

import { approveDomain, verifyDomainByDns, type OwnershipState } from '@/lib/data/domain-ownership';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

const after = (id: string, message: string) => ({ revalidate: [`/domains/${id}`, '/domains'], message });
const already = (d: OwnershipState) => `Ownership of ${d.name} is proven already.`;

/** "Check DNS now": looks for the domain's TXT record; the answer (found, missing, wrong) is the message. */
export async function checkDomainDnsAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    run: (actor) => verifyDomainByDns(actor, id),
    done: (d) => after(id, d.changed ? `Ownership proven: the TXT record is in DNS. ${d.name} takes mail from the next sync.` : already(d)),
  });
}

/** An operator vouches for the domain (audited as domain.approve). */
export async function approveDomainAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    run: (actor) => approveDomain(actor, id),
    done: (d) => after(id, d.changed ? `Ownership proven by your approval. ${d.name} takes mail from the next sync.` : already(d)),
  });
}
