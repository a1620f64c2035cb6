// Who sees what of the sync: operators everything, a reseller its hosts' status only, a customer only
// whether its own changes are live; and how the panel keeps the SSH key it logs in with.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client';
import { ForbiddenError, NotFoundError, DomainError } from '../../lib/data/errors';
import { getSyncStatus } from '../../lib/data/host-sync-status';
import { createMailHost, getMailHost, listMailHosts, requestSync, updateMailHost } from '../../lib/data/mail-hosts';
import { getSyncRun, listSyncRuns } from '../../lib/data/sync-history';
import { publishHost } from '../../lib/sync/run-publish';
import { sshKeyContext, unseal } from '../../lib/crypto/secret-box';
import { makeCustomer, makeDomain, makeReseller, makeStaff, unique } from '../support/factories';
import { withPanelDatabase } from '../support/panel-db';
import { edit, removeWorlds, setFailing, syncWorld, type SyncWorld } from './queue-support';

withPanelDatabase();
afterAll(removeWorlds);

const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOc7xPb/ihcNw2v4zdBbs+Wb3ST6o+PhF80mPds57RDO';
let world: SyncWorld;
let runId: string;

// A host of its own for every test, whose last publish failed: one test marks it in sync again.
beforeEach(async () => {
  world = await syncWorld();
  await edit(world);
  await setFailing(world, true);
  const outcome = await publishHost(world.host.id, 'manual');
  await setFailing(world, false);
  expect(outcome.status).toBe('failed');
  runId = (outcome as { runId: string }).runId;
});

const rejects = async (promise: Promise<unknown>, type: new (...args: never[]) => Error) =>
  expect(await promise.catch((e: unknown) => e)).toBeInstanceOf(type);

describe('sync status and history', () => {
  it("a reseller sees its hosts' state but not their paths, addresses or the tool's text", async () => {
    const reseller = (await db().resellerMailHost.findFirstOrThrow({ where: { mailHostId: world.host.id }, select: { resellerId: true } }))
      .resellerId;
    const user = await db().user.findFirstOrThrow({ where: { resellerId: reseller }, select: { email: true } });
    const { actorFor } = await import('../support/factories');
    const actor = await actorFor(user.email);
    const hosts = await listMailHosts(actor);
    expect(hosts.map((h) => h.id)).toEqual([world.host.id]);
    expect(hosts[0]).toMatchObject({ mapDir: null, sshHost: null, lastError: null, waiting: true });
    // Another reseller's domain on the same host is not counted.
    const neighbour = await makeReseller(world.admin, [world.host.id]);
    await makeDomain(neighbour.actor, (await makeCustomer(neighbour.actor)).id, world.host.id);
    expect((await listMailHosts(actor))[0]!._count.domains).toBe(1);
    expect((await listMailHosts(world.admin)).find((h) => h.id === world.host.id)!._count.domains).toBe(2);
    expect(hosts[0]!.failingSince).not.toBeNull();

    const operatorView = (await listMailHosts(world.admin)).find((h) => h.id === world.host.id)!;
    expect(operatorView.lastError).toContain('simulated failure');

    await rejects(getMailHost(actor, world.host.id), ForbiddenError);
    await rejects(listSyncRuns(actor, world.host.id), ForbiddenError);
    await rejects(getSyncRun(actor, runId), ForbiddenError);
    await rejects(requestSync(actor, world.host.id), ForbiddenError);
  });

  it('another reseller does not see the host at all', async () => {
    const admin = await makeStaff('ADMIN');
    const other = await makeReseller(admin, []);
    expect(await listMailHosts(other.actor)).toEqual([]);
    await rejects(getSyncStatus(other.actor, world.host.id), NotFoundError);
  });

  it('support reads the history but cannot press Sync now', async () => {
    const support = await makeStaff('SUPPORT');
    expect((await getSyncRun(support, runId)).error).toContain('simulated failure');
    await rejects(requestSync(support, world.host.id), ForbiddenError);
  });

  it('a customer learns whether its change is live, measured from the page it saw, and nothing else', async () => {
    const mark = await getSyncStatus(world.customer, world.host.id);
    expect(mark.state).toBe('failing');
    const host = await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } });
    // Someone else edits the host after the customer's page was drawn; the publish covers the customer's change only.
    await edit(world);
    await db().mailHost.update({ where: { id: world.host.id }, data: { syncedSeq: host.changeSeq, failingSince: null } });
    expect((await getSyncStatus(world.customer, world.host.id, mark.mark!)).state).toBe('live');
    expect((await getSyncStatus(world.customer, world.host.id)).state).toBe('waiting');
    expect(mark.mark).toMatch(/^v1\.[A-Za-z0-9_-]+$/); // sealed: the host's change counter is not readable

    // A customer with nothing on the host, or a mark made for another host, gets nothing.
    const stranger = await makeCustomer((await makeReseller(world.admin, [world.host.id])).actor);
    await rejects(getSyncStatus(stranger.actor, world.host.id), NotFoundError);
    const otherWorld = await syncWorld();
    await rejects(getSyncStatus(otherWorld.customer, otherWorld.host.id, mark.mark!), NotFoundError);
  });
});

describe('the SSH login key', () => {
  const sshInput = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    flavor: 'POSTFIX' as const,
    transport: 'SSH' as const,
    mapDir: '/etc/postfix/panel',
    sshHost: '192.0.2.10',
    sshPort: 22,
    sshUser: 'mailpanel',
    sshHostKey: HOST_KEY,
    ...extra,
  });

  it('is generated by the panel, sealed in the database, and only its public half is shown', async () => {
    const host = await createMailHost(world.admin, sshInput(unique('ssh')));
    const row = await db().mailHost.findUniqueOrThrow({ where: { id: host.id } });
    expect(row.sshPublicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+ mailpanel@ssh/);
    expect(row.sshPrivateKey).toMatch(/^v1\./);
    expect(row.sshPrivateKey).not.toContain('PRIVATE KEY');
    expect(unseal(row.sshPrivateKey!, sshKeyContext(host.id))).toContain('BEGIN OPENSSH PRIVATE KEY');
    // Sealed for this host only: copied onto another row it does not open.
    expect(() => unseal(row.sshPrivateKey!, sshKeyContext(world.host.id))).toThrow(/cannot be opened/);

    const shown = await getMailHost(world.admin, host.id);
    expect(shown).not.toHaveProperty('sshPrivateKey');
    expect(shown).toMatchObject({ sshKeyState: 'ok', sshPublicKey: row.sshPublicKey });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'mailHost.create', targetId: host.id } });
    expect(JSON.stringify(audit.details)).toContain(row.name); // the event's details, which name no key
    expect(JSON.stringify(audit.details)).not.toContain('PRIVATE');

    // Editing keeps the key unless asked; a bad pasted key is refused with the field named.
    await updateMailHost(world.admin, host.id, sshInput(row.name, { sshKey: 'keep' }));
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: host.id } })).sshPrivateKey).toBe(row.sshPrivateKey);
    const error = await updateMailHost(
      world.admin,
      host.id,
      sshInput(row.name, { sshKey: 'paste', sshPrivateKey: 'ssh-ed25519 AAAA not a private key' }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors.sshPrivateKey?.[0]).toMatch(/private key/);
  });

  it('refuses settings the publisher could not run, naming the field', async () => {
    const error = await createMailHost(world.admin, {
      ...sshInput(unique('bad')),
      settings: { commands: { buildMap: { argv: ['postmap', 'hash:{file}'] } } },
    }).catch((e: unknown) => e);
    expect(JSON.stringify(error)).toContain('cmd_buildMap');
  });
});
