// A host's current maps as downloads (lib/data/host-maps.ts): the files each MTA reads, byte for byte what
// a publish writes, whichever flavour the host runs; operators only, and never the password hashes.
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../lib/data/errors';
import { hostMapFile, MAP_FILES } from '../lib/data/host-maps';
import { readHostSnapshot } from '../lib/data/snapshots';
import { createVirtmap } from '../lib/data/virtmaps';
import { renderPostfix } from '../lib/mailmaps/postfix';
import { renderSendmail } from '../lib/mailmaps/sendmail';
import { VirtmapInput } from '../lib/validation/mail-objects';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

describe("a host's map files", () => {
  it('are what a publish writes, for sendmail and for Postfix, to operators only', async () => {
    const admin = await makeStaff('ADMIN');
    const support = await makeStaff('SUPPORT');
    const host = await makeHost(admin);
    const reseller = await makeReseller(admin, [host.id]);
    const customer = await makeCustomer(reseller.actor);
    const domain = await makeDomain(reseller.actor, customer.id, host.id);
    const virtmap = { domainId: domain.id, localPart: 'policy', action: 'reject', rejectCode: 'other', rejectStatus: '5.7.1:550' };
    await createVirtmap(reseller.actor, VirtmapInput.parse({ ...virtmap, rejectText: 'Not accepted here' }), { confirm: () => true });

    const published = await readHostSnapshot(host.id);
    const sendmail: Record<string, string> = renderSendmail(published);
    const postfix: Record<string, string> = renderPostfix(published);
    for (const file of MAP_FILES.sendmail) expect((await hostMapFile(admin, host.id, 'sendmail', file)).text).toBe(sendmail[file]);
    for (const file of MAP_FILES.postfix) expect((await hostMapFile(support, host.id, 'postfix', file)).text).toBe(postfix[file]);
    expect((await hostMapFile(admin, host.id, 'sendmail', 'virtusertable')).text).toContain(
      `policy@${domain.name}\terror:5.7.1:550 Not accepted here`,
    );

    // Not a map (the Dovecot passwd-file holds hashes), not someone else's host, not for tenants.
    await expect(hostMapFile(admin, host.id, 'sendmail', 'dovecot-passwd')).rejects.toThrow(NotFoundError);
    await expect(hostMapFile(admin, '00000000-0000-4000-8000-000000000000', 'sendmail', 'aliases')).rejects.toThrow(NotFoundError);
    await expect(hostMapFile(reseller.actor, host.id, 'sendmail', 'virtusertable')).rejects.toThrow(NotFoundError);
    await expect(hostMapFile(customer.actor, host.id, 'postfix', 'virtual')).rejects.toThrow(NotFoundError);
  });
});
