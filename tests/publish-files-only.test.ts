// A mail host in "files only" mode (settings.publishMode 'files', docs/publishing.md): the publisher writes
// the revision and switches `current` as always, runs no build, check or reload command, and proves the
// files with the panel's own parsers. Needs no mail software, like a first start on a bare machine.
import { mkdir, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createMailHost } from '../lib/data/mail-hosts';
import { createVirtmap } from '../lib/data/virtmaps';
import { publish } from '../lib/sync/publish';
import { publishHost } from '../lib/sync/run-publish';
import { localTransport } from '../lib/transport/local';
import { defaultHostSettings } from '../lib/validation/host-settings';
import { VirtmapInput } from '../lib/validation/mail-objects';
import { makeCustomer, makeDomain, makeReseller, makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();
const ROOT = path.resolve('.data/files-only-tests', String(process.pid));
afterAll(() => rm(ROOT, { recursive: true, force: true }));

// Programs that do not exist: a files only publish must not try to run them (a full one fails on them).
const MISSING = '/nonexistent/mailpanel-tool';
const absentTools = {
  buildMap: { argv: [MISSING, '{file}'] },
  buildAliases: { argv: [MISSING, '{file}'] },
  checkMap: { argv: [MISSING, '{file}', '{key}'] },
  checkAliases: { argv: [MISSING, '{file}', '{key}'] },
  reload: [{ argv: [MISSING] }],
};

async function hostWithMail(publishMode: 'full' | 'files') {
  const admin = await makeStaff('ADMIN');
  const mapDir = path.join(ROOT, unique('maps'));
  await mkdir(mapDir, { recursive: true });
  const host = await createMailHost(admin, {
    name: unique('mx'),
    flavor: 'SENDMAIL',
    transport: 'LOCAL',
    mapDir,
    sshPort: 22,
    // A passwd-file group no machine has (as the dovecot group on a machine without Dovecot).
    settings: { publishMode, commands: absentTools, dovecot: { passwdGroup: 'mailpanel-no-such-group' } },
  });
  const reseller = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  const input = VirtmapInput.parse({ domainId: domain.id, localPart: 'sales', action: 'deliver', target: 'someone@example.org' });
  await createVirtmap(customer.actor, input, { confirm: () => true });
  return { host, mapDir, domain };
}

describe('files only publishing', () => {
  it('reaches Live with a revision without running any command, and writes the files it rendered', async () => {
    const { host, mapDir, domain } = await hostWithMail('files');
    const outcome = await publishHost(host.id, 'manual');
    expect(outcome).toMatchObject({ status: 'succeeded', revision: 1 });
    const state = await db().mailHost.findUniqueOrThrow({ where: { id: host.id } });
    expect(state).toMatchObject({ liveRevision: 1, failingSince: null, lastError: null });
    expect(state.syncedSeq).toBe(state.changeSeq);

    expect(await readlink(path.join(mapDir, 'current'))).toBe('rev-1');
    const names = await readdir(path.join(mapDir, 'rev-1'));
    expect(names).toEqual(expect.arrayContaining(['aliases', 'virtusertable', 'local-host-names', 'accounts', 'dovecot-passwd']));
    expect(names.filter((n) => n.endsWith('.db'))).toEqual([]); // nothing built
    // No group to give the passwd-file to: its owner alone reads it.
    expect((await stat(path.join(mapDir, 'rev-1', 'dovecot-passwd'))).mode & 0o777).toBe(0o600);
    const run = await db().syncRun.findFirstOrThrow({ where: { mailHostId: host.id }, include: { files: true } });
    expect(run.status).toBe('SUCCEEDED');
    const written = run.files.find((f) => f.name === 'virtusertable');
    expect(written?.changed).toBe(true);
    expect(await readFile(path.join(mapDir, 'current', 'virtusertable'), 'utf8')).toContain(`sales@${domain.name}\tsomeone@example.org`);
  });

  it('the same host in full mode fails on the missing tools (the contrast)', async () => {
    const { host } = await hostWithMail('full');
    const outcome = await publishHost(host.id, 'manual');
    expect(outcome).toMatchObject({ status: 'failed' });
  });

  it('refuses a revision whose written file does not read back as rendered, and keeps the live one', async () => {
    const mapDir = path.join(ROOT, unique('maps'));
    const settings = { ...defaultHostSettings('SENDMAIL', mapDir), publishMode: 'files' as const };
    settings.dovecot.passwdGroup = null;
    const files = {
      'local-host-names': 'a.example\n',
      accounts: '',
      aliases: 'info: joe\n',
      virtusertable: 'sales@a.example\tjoe\n',
    };
    await publish(localTransport(), settings, 'sendmail', files, 1);
    // A transport that damages what it writes (a full disk, a bad copy): the check reads it back.
    const base = localTransport();
    const damaging = new Proxy(base, {
      get: (target, key) =>
        key === 'writeFile'
          ? (p: string, data: string | Buffer, opts?: Parameters<typeof base.writeFile>[2]) =>
              target.writeFile(p, p.endsWith('/virtusertable') ? `${data.toString()}garbage line\n` : data, opts)
          : Reflect.get(target, key),
    });
    const error = await publish(damaging, settings, 'sendmail', { ...files, virtusertable: 'sales@a.example\tjane\n' }, 2).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ phase: 'check' });
    expect(String((error as Error).message)).toMatch(/virtusertable does not hold what was rendered/);
    expect(await readlink(path.join(mapDir, 'current'))).toBe('rev-1');
  });
});
