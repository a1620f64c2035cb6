// A customer with a mailbox joe (login joe@<domain>), a second address webmaster@ → joe, and an address
// team@ that delivers to joe and jane: the world of the postoffice tests. Built through the data layer.
import { createAccount } from '../../lib/data/accounts';
import { createVirtmap } from '../../lib/data/virtmaps';
import { db } from '../../lib/db/client';
import { AccountInput } from '../../lib/validation/accounts';
import { VirtmapInput } from '../../lib/validation/mail-objects';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './factories';

export const MAILBOX_PASSWORD = 'a good long password';
export const yes = { confirm: () => true };

export async function postofficeWorld() {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  const joe = await mailbox(customer.actor, host.id, domain.id, 'joe');
  const jane = await mailbox(customer.actor, host.id, domain.id, 'jane');
  const deliver = (localPart: string, target: string) =>
    createVirtmap(
      customer.actor,
      VirtmapInput.parse({ domainId: domain.id, localPart, action: 'deliver', target, aliasName: `${localPart}-list` }),
      yes,
    );
  await deliver('webmaster', 'joe');
  await deliver('team', 'joe, jane');
  return { admin, host, reseller, customer, domain, joe, jane, login: `joe@${domain.name}` };
}

export async function mailbox(actor: Parameters<typeof createAccount>[0], mailHostId: string, domainId: string, name: string) {
  const created = await createAccount(
    actor,
    AccountInput.parse({ name, password: MAILBOX_PASSWORD, quotaMb: '100', mailHostId, addressDomainId: domainId }),
    yes,
  );
  return db().account.findUniqueOrThrow({
    where: { id: created.id },
    select: { id: true, name: true, loginAddress: true, sessionVersion: true },
  });
}
