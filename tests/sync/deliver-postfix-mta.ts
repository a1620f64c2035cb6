// The private Postfix + Dovecot pair of deliver-postfix.test.ts, pointed at a published map directory the
// way docs/publishing.md, docs/postfix.md and docs/dovecot.md describe a host: main.cf's panel lines from
// postfixMainCf('<mapDir>/current') with mailbox_transport = LMTP to Dovecot, and Dovecot's passwd-file
// = `<mapDir>/current/dovecot-passwd`. Built on the harnesses in tests/mta/ (not edited: adjusted here).
import { readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { db } from '../../lib/db/client';
import type { Prisma } from '../../lib/generated/prisma/client';
import type { MailSnapshot } from '../../lib/mail/snapshot';
import { postfixMainCf } from '../../lib/mailmaps/postfix-config';
import type { DovecotSieveOptions } from '../../lib/mailmaps/dovecot-conf';
import { startDovecot, type DovecotInstance } from '../mta/dovecot-instance';
import type { PostfixInstance } from '../mta/postfix-instance';
import { instanceMainCf, instanceMasterCf } from '../mta/postfix-instance-cf';
import { unpackedPostfixSettings } from './publish-fixtures';

/**
 * A private Dovecot whose LMTP takes Postfix's recipients. Postfix's local(8) hands over `joe@localhost`
 * (or `joe@<myhostname>`), and Dovecot looks the local part up in the passwd-file, which holds `joe`: the
 * rendered dovecot.conf says so (`protocol lmtp { auth_username_format = %Ln }`; without it every delivery
 * failed "User doesn't exist"). Only the LMTP socket's owner is adjusted here: Postfix's lmtp client runs
 * as the postfix user, and the harness makes the socket root's, 0600.
 */
export async function startDovecotForPostfix(sieve?: DovecotSieveOptions): Promise<DovecotInstance> {
  const postfixUid = Number(/^postfix:x:(\d+):/m.exec(await readFile('/etc/passwd', 'utf8'))?.[1]);
  if (!Number.isInteger(postfixUid)) throw new Error('no postfix user: run `bash tests/mta/install-postfix.sh`');
  const dovecot = await startDovecot('', { sieve });
  try {
    await lmtpForPostfix(dovecot, postfixUid);
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
  return dovecot;
}

async function lmtpForPostfix(dovecot: DovecotInstance, postfixUid: number): Promise<void> {
  const extra = ['service lmtp {', `  unix_listener ${dovecot.lmtpSocket} {`, '    user = postfix', '  }', '}'];
  await writeFile(dovecot.confFile, `${await readFile(dovecot.confFile, 'utf8')}\n${extra.join('\n')}\n`);
  const reloaded = await dovecot.doveadm('reload');
  if (reloaded.code !== 0) throw new Error(`doveadm reload failed: ${reloaded.stderr}`);
  // The reload is asynchronous: the master re-creates the socket (now postfix's) once the new
  // configuration is in force, and only then may Postfix deliver.
  const until = Date.now() + 10_000;
  while ((await stat(dovecot.lmtpSocket).catch(() => null))?.uid !== postfixUid) {
    if (Date.now() > until) throw new Error(`Dovecot did not take the LMTP settings within 10 s:\n${dovecot.log()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Dovecot's passwd-file becomes the published one (a link to `<mapDir>/current/dovecot-passwd`). */
export async function dovecotReadsPublished(dovecot: DovecotInstance, mapDir: string): Promise<void> {
  await rm(dovecot.passwdFile);
  await symlink(path.join(mapDir, 'current', 'dovecot-passwd'), dovecot.passwdFile);
}

/**
 * The instance's main.cf: its test lines (paths into the unpacked package, log file, loopback port)
 * without the stand-in mailbox transport, then the panel's own lines for `<mapDir>/current`.
 */
function mainCf(instance: PostfixInstance, mapDir: string, lmtpSocket: string): string {
  const base = instanceMainCf(instance.dir, `${mapDir}/current`, instance.logFile);
  const test = base
    .slice(0, base.indexOf("# the panel's settings"))
    .split('\n')
    .filter((l) => !l.startsWith('mailbox_transport_maps'));
  const panel = postfixMainCf(`${mapDir}/current`, {
    mailboxTransport: `lmtp:unix:${lmtpSocket}`,
    hostRecipientMaps: [],
    hostAliasMaps: [],
  });
  return `${test.join('\n')}# the panel's settings (lib/mailmaps/postfix-config.ts)\n${panel}`;
}

/** Points the instance at the published maps, with an LMTP client in master.cf, and (re)starts it. */
export async function startPostfixOnPublished(
  instance: PostfixInstance,
  mapDir: string,
  lmtpSocket: string,
  snapshot: MailSnapshot,
): Promise<void> {
  await writeFile(path.join(instance.dir, 'etc/main.cf'), mainCf(instance, mapDir, lmtpSocket));
  await writeFile(path.join(instance.dir, 'etc/master.cf'), `${instanceMasterCf(instance.port)}lmtp unix - - n - - lmtp\n`);
  const past = new Date(Date.now() - 60_000); // Postfix programs wait while main.cf looks younger than a second
  for (const cf of ['etc/main.cf', 'etc/master.cf']) await utimes(path.join(instance.dir, cf), past, past);
  // apply() (re)starts master; the maps it also writes into its own directory are named by nothing now.
  await instance.apply({ ...snapshot, host: { ...snapshot.host, flavor: 'postfix' } });
}

/**
 * Once Postfix reads the published maps, the operator's next step: every publish from now on reloads it, as
 * on a real host. Stored directly: updateMailHost would also queue a publish through pg-boss, and the tests
 * publish by themselves.
 */
export async function reloadPostfixOnPublish(
  mailHostId: string,
  hostSettings: { commands: Record<string, unknown> },
  instance: PostfixInstance,
  mapDir: string,
): Promise<void> {
  const reload = unpackedPostfixSettings(mapDir, instance).commands.reload;
  const settings = JSON.parse(JSON.stringify({ ...hostSettings, commands: { ...hostSettings.commands, reload } })) as Prisma.InputJsonValue;
  await db().mailHost.update({ where: { id: mailHostId }, data: { settings } });
}
