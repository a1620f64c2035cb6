// "Import what this host has now" over SSH: the old files read by the host's own SSH transport (the panel's
// sealed key, the pinned host key) from a private OpenSSH server on loopback (tests/sync/ssh-server.ts,
// needs root), the :include: lists too; until the host's authorized_keys holds the panel's key the dry run
// is refused with the reason, and nothing is kept.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client';
import { previewHostFilesImport } from '../../lib/data/host-legacy-files';
import { createMailHost } from '../../lib/data/mail-hosts';
import { unique } from '../support/factories';
import { writeHostFiles } from '../support/host-files';
import { redHatHost } from '../support/legacy-hosts';
import { withPanelDatabase } from '../support/panel-db';
import { hostInput, removeWorlds, syncWorld, type SyncWorld } from './queue-support';
import { SshServer } from './ssh-server';

withPanelDatabase();

let server: SshServer | undefined;
let local: SyncWorld;
const root = path.resolve('.data/sync-tests', `host-files-ssh-${process.pid}`);

beforeAll(async () => {
  server = await SshServer.start();
  local = await syncWorld();
}, 60_000);

afterAll(async () => {
  await server?.destroy();
  await removeWorlds();
  await rm(root, { recursive: true, force: true });
});

describe('import what an SSH host has now', () => {
  it('reads the files and include lists over SSH once the key is authorized; refused before, keeping nothing', async () => {
    if (!server) throw new Error('sshd did not start (see the first failure)');
    const set = redHatHost();
    await writeHostFiles(root, set);
    const name = unique('oldssh');
    const host = await createMailHost(local.admin, {
      ...hostInput(name, path.join(root, 'panel-maps'), { makemap: '/usr/sbin/makemap', newaliases: '/usr/sbin/newaliases' }),
      ...server.panelTransport(),
    });
    const customer = unique('Over SSH ');
    const choice = { root, customer: { name: customer, create: true } };

    await expect(previewHostFilesImport(local.admin, host.id, choice)).rejects.toThrow(/could not be reached/);
    expect(await db().importRun.count({ where: { hostName: name } })).toBe(0);

    const { sshPublicKey } = await db().mailHost.findUniqueOrThrow({ where: { id: host.id }, select: { sshPublicKey: true } });
    await server.authorize(sshPublicKey ?? '');
    const { id, report } = await previewHostFilesImport(local.admin, host.id, choice);
    expect(report).toMatchObject({ dryRun: true, applied: false, created: { domains: 3, accounts: 6, aliases: 2 } });
    // The include list came over SSH as well: its alias is created, not kept out as "missing".
    expect(report.keptOut.map((k) => k.key)).not.toContain('staff');
    expect(await db().importRun.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({ status: 'PREVIEWED' });
    expect(await db().customer.count({ where: { name: customer } })).toBe(0);
  }, 120_000);
});
