// publishHost() to an SSH mail host the way an admin sets one up: the panel generates its key pair, the
// admin puts the public half into authorized_keys and pins the host key; the worker opens the sealed key
// and publishes. A host key that changes afterwards is refused and recorded with the reason.
// Uses the private OpenSSH server of the transport tests (tests/sync/ssh-server.ts, needs root).
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client';
import { createMailHost } from '../../lib/data/mail-hosts';
import { publishHost } from '../../lib/sync/run-publish';
import { makeCustomer, makeDomain, makeReseller, unique } from '../support/factories';
import { withPanelDatabase } from '../support/panel-db';
import { edit, hostInput, removeWorlds, runsOf, syncWorld, type SyncWorld } from './queue-support';
import { SshServer } from './ssh-server';

withPanelDatabase();

let server: SshServer | undefined;
let local: SyncWorld;
let world: SyncWorld;

const dirs: string[] = [];

beforeAll(async () => {
  server = await SshServer.start();
  // The wrapped map tools of a local world are reused: sshd runs on this same machine.
  local = await syncWorld();
}, 60_000);

// A host of its own for every test, with a key the panel has just generated (not yet authorized).
beforeEach(async () => {
  if (!server) throw new Error('sshd did not start (see the first failure)');
  const name = unique('ssh');
  const dir = path.resolve('.data/sync-tests', `${name}-${process.pid}`);
  const tools = {
    makemap: local.tools.failFlag.replace(/FAIL$/, 'makemap-wrapper'),
    newaliases: local.tools.failFlag.replace(/FAIL$/, 'newaliases-wrapper'),
  };
  const host = await createMailHost(local.admin, {
    ...hostInput(name, dir, tools),
    ...server.panelTransport(),
  });
  const reseller = await makeReseller(local.admin, [host.id], { maxVirtmaps: 50 });
  const customer = await makeCustomer(reseller.actor, { maxVirtmaps: 50 });
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  world = { ...local, customer: customer.actor, host, domain, dir: path.join(dir, 'maps') };
  dirs.push(dir);
});

/** Puts the host's public key into the server's authorized_keys. */
async function authorize(): Promise<void> {
  const { sshPublicKey } = await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id }, select: { sshPublicKey: true } });
  await server!.authorize(sshPublicKey ?? '');
}

afterAll(async () => {
  await server?.destroy();
  await removeWorlds();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('an SSH mail host', () => {
  it("is refused until its authorized_keys holds the panel's public key, then published", async () => {
    const address = await edit(world);
    const refused = await publishHost(world.host.id, 'manual');
    expect(refused).toMatchObject({ status: 'failed', phase: 'connect' });

    await authorize();
    expect(await publishHost(world.host.id, 'manual')).toMatchObject({ status: 'succeeded', revision: 1 });
    expect(await readFile(path.join(world.dir, 'current', 'virtusertable'), 'utf8')).toContain(address);
  });

  it('refuses a changed host key, says so, and keeps the published revision', async () => {
    await authorize();
    await edit(world);
    expect(await publishHost(world.host.id, 'manual')).toMatchObject({ status: 'succeeded', revision: 1 });
    await server!.changeHostKey();
    await edit(world);
    const outcome = await publishHost(world.host.id, 'change');
    expect(outcome).toMatchObject({ status: 'failed', phase: 'connect' });
    expect((outcome as { error: string }).error).toMatch(/host key/i);
    const run = (await runsOf(world.host.id)).at(-1)!;
    expect(run).toMatchObject({ status: 'FAILED', failedPhase: 'connect' });
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } })).liveRevision).toBe(1);
  });
});
