// What an admin may make the panel do on a mail host (lib/validation/host-policy.ts): the data layer refuses
// a map directory outside the map roots and a command outside the list, and the sync refuses to run one a
// stored row still has (a row saved before the policy, or under an opt-out since withdrawn).
import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '../lib/db/client';
import { createMailHost, updateMailHost } from '../lib/data/mail-hosts';
import { publishHost } from '../lib/sync/run-publish';
import { makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();
afterEach(() => vi.unstubAllEnvs());

/** The policy of a machine whose operator set nothing (the integration project opts out: vitest.config.ts). */
function defaultPolicy() {
  vi.stubEnv('MAILPANEL_MAP_ROOT', '');
  vi.stubEnv('MAILPANEL_ALLOW_ANY_HOST_COMMAND', '');
  vi.stubEnv('MAILPANEL_DATA', '/srv/panel');
}

const host = (mapDir: string, settings: Record<string, unknown> = {}) => ({
  name: unique('mx'),
  flavor: 'POSTFIX' as const,
  transport: 'LOCAL' as const,
  mapDir,
  sshPort: 22,
  settings,
});
const messages = (error: unknown) => JSON.stringify((error as { issues?: unknown }).issues ?? String(error));

describe('the host policy', () => {
  it('refuses /etc as a map directory and any program as a reload command when saving', async () => {
    const admin = await makeStaff('ADMIN');
    defaultPolicy();
    const etc = await createMailHost(admin, host('/etc')).catch((e: unknown) => e);
    expect(messages(etc)).toContain('The map directory must lie under /etc/mail, /etc/postfix, /srv/panel/mailhost');
    const curl = await createMailHost(
      admin,
      host('/etc/postfix/panel', { commands: { reload: [{ argv: ['/usr/bin/curl', 'http://x'] }] } }),
    ).catch((e: unknown) => e);
    expect(messages(curl)).toContain('A reload command is one of');
    expect(await db().mailHost.count({ where: { mapDir: { in: ['/etc', '/etc/postfix/panel'] } } })).toBe(0);

    const ok = await createMailHost(
      admin,
      host('/etc/postfix/panel', { commands: { reload: [{ argv: ['/usr/bin/systemctl', 'reload', 'postfix'] }] } }),
    );
    const edit = await updateMailHost(admin, ok.id, { ...host('/etc/postfix/panel'), name: ok.name, mapDir: '/root/.ssh' }).catch(
      (e: unknown) => e,
    );
    expect(messages(edit)).toContain('must lie under');
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: ok.id } })).mapDir).toBe('/etc/postfix/panel');
  });

  it('lets the operator widen the roots and allow any command', async () => {
    const admin = await makeStaff('ADMIN');
    defaultPolicy();
    vi.stubEnv('MAILPANEL_MAP_ROOT', '/srv/maps');
    vi.stubEnv('MAILPANEL_ALLOW_ANY_HOST_COMMAND', '1');
    const saved = await createMailHost(admin, host('/srv/maps/mx1', { commands: { reload: [{ argv: ['/opt/bin/reload-mail'] }] } }));
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: saved.id } })).mapDir).toBe('/srv/maps/mx1');
  });

  it('does not publish, nor run anything, with a stored command outside the list', async () => {
    const admin = await makeStaff('ADMIN');
    const marker = path.resolve('.data', unique('policy-marker-'));
    // Saved under an opt-out, or before the policy existed: the row holds a program as its reload.
    const saved = await createMailHost(admin, host(path.resolve('.data', unique('policy-maps-')), { publishMode: 'full' }));
    await db().mailHost.update({
      where: { id: saved.id },
      data: { settings: { commands: { reload: [{ argv: ['/usr/bin/touch', marker] }] } }, changeSeq: { increment: 1 } },
    });
    defaultPolicy();
    vi.stubEnv('MAILPANEL_MAP_ROOT', path.resolve('.data'));
    const outcome = await publishHost(saved.id, 'manual');
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome.status === 'failed' && outcome.error).toContain('A reload command is one of');
    expect(
      await access(marker).then(
        () => 'ran',
        () => 'not run',
      ),
    ).toBe('not run');
  });
});
