// The accounts' passwd-file published as part of a revision, read by a real Dovecot 2.3 through
// `<mapDir>/current/dovecot-passwd` (tests/mta/dovecot-instance.ts, its passwd path made a symlink to it):
// logins follow each revision, also two publishes within one second (Dovecot re-reads the file only when
// its whole-second mtime or size changes: the publisher moves the mtime forward), and the file holds
// hashes: mode 0640, group dovecot.
import { execFileSync } from 'node:child_process';
import { rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { hashMailboxPassword } from '@/lib/auth/mailbox-password';
import { defaultHostSettings, type HostSettings } from '@/lib/validation/host-settings';
import { publish } from '@/lib/sync/publish';
import { renderFiles } from '@/lib/sync/render-host';
import { localTransport } from '@/lib/transport/local';
import { MAIL_GID, MAIL_UID, startDovecot, type DovecotInstance } from '../mta/dovecot-instance';
import { BEFORE, freshMapDir, removeTree } from './publish-fixtures';

const transport = localTransport();
let dovecot: DovecotInstance | undefined;
let mapDir = '';
let settings: HostSettings;
let revision = 0;
let client = 0;

function files(passwords: Record<string, string>): Promise<Record<string, string>> {
  return (async () => {
    const accounts = await Promise.all(
      BEFORE.accounts.map(async (a) => ({ ...a, passwordHash: await hashMailboxPassword(passwords[a.name] ?? 'unused password 1') })),
    );
    const snapshot: MailSnapshot = { ...BEFORE, accounts };
    // Only the passwd-file: this test is about Dovecot (the sendmail files need the lab's namespace).
    return renderFiles('dovecot', snapshot, settings.dovecot);
  })();
}

/** One `doveadm auth test` from its own loopback address (a failure delays the next login from the same one). */
function login(user: string, password: string): Promise<number> {
  client += 1;
  return theDovecot()
    .doveadm('auth', 'test', '-x', `rip=127.0.${client >> 8}.${(client % 250) + 1}`, user, password)
    .then((r) => r.code);
}

/** Dovecot looks at the file at most once a second: ask until `want` or `ms` passed. */
async function eventually(ask: () => Promise<number>, want: number, ms: number): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    const got = await ask();
    if (got === want || Date.now() > until) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function theDovecot(): DovecotInstance {
  if (!dovecot) throw new Error('Dovecot did not start (see the first failure)');
  return dovecot;
}

beforeAll(async () => {
  mapDir = await freshMapDir('dovecot');
  settings = defaultHostSettings('SENDMAIL', mapDir);
  settings.dovecot = { ...settings.dovecot, uid: MAIL_UID, gid: MAIL_GID, homeBase: '/var/vmail', passwdGroup: 'dovecot' };
  settings.commands.reload = [];
  dovecot = await startDovecot('');
  await publish(transport, settings, 'sendmail', await files({ joe: 'first password 1' }), ++revision);
  // Dovecot's configured passwd-file becomes the panel's: a link to <mapDir>/current/dovecot-passwd.
  await rm(dovecot.passwdFile);
  await symlink(path.join(mapDir, 'current', 'dovecot-passwd'), dovecot.passwdFile);
}, 60_000);

afterAll(async () => {
  await dovecot?.stop();
  if (mapDir) await removeTree(mapDir);
});

describe('publishing the passwd-file', () => {
  it('Dovecot authenticates from the live revision through the current link; the file is 0640 root:dovecot', async () => {
    await publish(transport, settings, 'sendmail', await files({ joe: 'own password 44' }), ++revision);
    expect(await eventually(() => login('joe', 'own password 44'), 0, 2500)).toBe(0);
    expect(await login('joe', 'wrong password 1')).toBe(77);
    const file = await stat(path.join(mapDir, 'current', 'dovecot-passwd'));
    expect(file.mode & 0o777).toBe(0o640);
    expect(file.gid).toBe(Number(execFileSync('getent', ['group', 'dovecot'], { encoding: 'utf8' }).split(':')[2]));
  });

  it("two publishes within one second: the second one's password is taken within Dovecot's one-second re-check", async () => {
    const passwd = path.join(mapDir, 'current', 'dovecot-passwd');
    // What is under test is two publishes within one wall-clock second: start them just after a second
    // begins (50 ms in), so both normally land in it. No condition to wait for: the clock is the subject.
    await new Promise((r) => setTimeout(r, 1050 - (Date.now() % 1000)));
    await publish(transport, settings, 'sendmail', await files({ joe: 'second password 2' }), ++revision);
    const second = await stat(passwd);
    await publish(transport, settings, 'sendmail', await files({ joe: 'third password 33' }), ++revision);
    const third = await stat(passwd);
    // Same size, and (without the publisher's rule) the same wall-clock second: Dovecot would keep the old file.
    expect(third.size).toBe(second.size);
    expect(Math.floor(third.mtimeMs / 1000)).toBeGreaterThan(Math.floor(second.mtimeMs / 1000));
    expect(await eventually(() => login('joe', 'third password 33'), 0, 2500)).toBe(0);
    expect(await login('joe', 'second password 2')).toBe(77);
    expect(await login('joe', 'first password 1')).toBe(77);
  });
});
