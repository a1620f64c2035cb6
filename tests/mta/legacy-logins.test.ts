// After an import, the old host's POP users log in through real Dovecot as before: the hash each kept from
// /etc/shadow (or /etc/passwd on a pre-shadow entry) with its password, at its old bare-name login; accounts
// that were locked, never set or empty are refused whatever is typed; and after a mailbox login at the post
// office the stored hash is the panel's argon2id, published, and still logs in. Needs Dovecot
// (tests/mta/install-dovecot.sh).
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { importSendmailHost } from '@/lib/data/import-sendmail';
import { verifyMailboxLogin } from '@/lib/data/mailbox-sessions';
import { readHostSnapshot } from '@/lib/data/snapshots';
import { renderDovecotPasswd } from '@/lib/mailmaps/dovecot';
import { readLegacySendmail } from '@/lib/mailmaps/legacy-read';
import { makeHost, makeStaff, unique } from '../support/factories';
import { handEditedHost, LEGACY_PASSWORDS, redHatHost } from '../support/legacy-hosts';
import { withPanelDatabase } from '../support/panel-db';
import { Pop3Client } from './dovecot-clients';
import { MAIL_GID, MAIL_UID, requireDovecot, startDovecot, type DovecotInstance } from './dovecot-instance';

withPanelDatabase();
let dovecot: DovecotInstance | undefined;
afterAll(async () => dovecot?.stop());

async function pop3(user: string, password: string): Promise<string> {
  const { client, greeting } = await Pop3Client.connect(dovecot!.pop3Port);
  expect(greeting).toMatch(/^\+OK/);
  expect(await client.command(`USER ${user}`)).toMatch(/^\+OK/);
  const reply = await client.command(`PASS ${password}`);
  await client.quit();
  return reply;
}

let client = 0;
/** A refused login from its own loopback address, so Dovecot's penalty for one failure does not slow the next. */
const authTest = (user: string, password: string) => dovecot!.doveadm('auth', 'test', '-x', `rip=127.0.30.${++client}`, user, password);

describe('POP3 logins after an import', () => {
  it('keep their hashes, refuse locked accounts, and move to argon2id at the first post office login', async () => {
    requireDovecot();
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    for (const set of [handEditedHost(), redHatHost()]) {
      const legacy = readLegacySendmail(set.files, (file) => set.includes[file]);
      const report = await importSendmailHost(admin, {
        legacy,
        host: { name: host.name },
        customer: { name: unique(`${set.name} `), create: true },
        dryRun: false,
        source: 'test',
      });
      expect(report.applied).toBe(true);
      if (set.name === 'handEdited') expect(report.noLogin.map((n) => n.name).sort()).toEqual(['ben', 'carl', 'dora', 'emil']);
    }
    const passwd = async () =>
      renderDovecotPasswd(await readHostSnapshot(host.id), { uid: MAIL_UID, gid: MAIL_GID, homeBase: '/tmp/unused-homes' });
    dovecot = await startDovecot(await passwd());

    // Each kind a shadow file held, at the old bare-name login: $6$ with rounds=, bcrypt $2y$, DES in passwd,
    // $5$, and Red Hat's $1$.
    const kept: [string, string][] = [
      ['anna', LEGACY_PASSWORDS.anna.password],
      ['fritz', LEGACY_PASSWORDS.fritz.password],
      ['greta', LEGACY_PASSWORDS.greta.password],
      ['hans', LEGACY_PASSWORDS.hans.password],
      ['alice', LEGACY_PASSWORDS.redhat.password],
    ];
    for (const [login, password] of kept) expect(await pop3(login, password), login).toMatch(/^\+OK/);
    for (const [login, password] of kept) expect((await authTest(login, `x${password}`)).code, login).toBe(77);
    // Locked (!), disabled (*), never set (!!) and empty: nothing logs in, an empty password least of all.
    for (const login of ['ben', 'carl', 'dora', 'emil']) {
      for (const guess of ['', '!', '!!', '*', 'x']) expect((await authTest(login, guess)).code, `${login} "${guess}"`).toBe(77);
    }

    // The first mailbox login at the post office rehashes to the panel's scheme; the next publish carries it.
    const before = await db().account.findFirstOrThrow({ where: { mailHostId: host.id, name: 'anna' }, select: { passwordHash: true } });
    expect(before.passwordHash).toMatch(/^\{SHA512-CRYPT\}\$6\$rounds=5000\$/);
    // The post office takes any address of the mailbox.
    const login = await verifyMailboxLogin('anna@main.example', LEGACY_PASSWORDS.anna.password);
    expect(login.ok).toBe(true);
    const after = await db().account.findFirstOrThrow({ where: { mailHostId: host.id, name: 'anna' }, select: { passwordHash: true } });
    expect(after.passwordHash).toMatch(/^\{ARGON2ID\}\$argon2id\$/);
    dovecot.publishPasswd(await passwd());
    expect(await pop3('anna', LEGACY_PASSWORDS.anna.password)).toMatch(/^\+OK/);
    expect((await verifyMailboxLogin('ben@main.example', '')).ok).toBe(false);
  }, 240_000);
});
