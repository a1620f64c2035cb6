// The post office's promises on a Postfix + Dovecot host (postoffice-cases.ts): the private Postfix 3.7
// and Dovecot 2.3 of deliver-postfix.test.ts, reading what publishHost() published, with mail for other
// domains relayed to an SMTP sink on loopback (relayhost = [127.0.0.1]:<sink port>, an smtp client in
// master.cf) instead of the test instance's discard. The usage is read through a LOCAL host whose
// quotaGet names the private Dovecot's configuration, and once over SSH (a private sshd on loopback).
// Nothing listens on ports 25, 22 or 110.
import { appendFile, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSshIdentity } from '../../lib/crypto/ssh-identity';
import { seal, sshKeyContext } from '../../lib/crypto/secret-box';
import { readMailboxUsage } from '../../lib/data/mailbox-usage';
import { readHostSnapshot } from '../../lib/data/snapshots';
import { db } from '../../lib/db/client';
import { MAIL_GID, MAIL_UID, type DovecotInstance } from '../mta/dovecot-instance';
import { PostfixInstance } from '../mta/postfix-instance';
import { SmtpSession } from '../mta/postfix-smtp';
import { startSmtpSink } from '../mta/smtp-sink';
import { withPanelDatabase } from '../support/panel-db';
import { dovecotReadsPublished, reloadPostfixOnPublish, startDovecotForPostfix, startPostfixOnPublished } from './deliver-postfix-mta';
import { createMailObjects, deliverWorld, freshDeliverDir, publishTimed, type DeliverWorld } from './deliver-world';
import { postofficeCases, type PostofficeHost } from './postoffice-cases';
import { removeTree, unpackedPostfixSettings } from './publish-fixtures';
import { SshServer } from './ssh-server';

withPanelDatabase();

let pf: PostfixInstance | undefined;
let dovecot: DovecotInstance | undefined;
let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
let mapDir = '';
let world: DeliverWorld;
const timings: Record<string, number> = {};

beforeAll(async () => {
  const started = performance.now();
  sink = await startSmtpSink();
  dovecot = await startDovecotForPostfix();
  pf = await PostfixInstance.create();
  mapDir = await freshDeliverDir('postoffice-postfix');
  const quotaGet = { argv: ['/usr/bin/doveadm', '-c', dovecot.confFile, 'quota', 'get', '-u', '{user}'] };
  const commands = { ...unpackedPostfixSettings(mapDir, pf).commands, reload: [], quotaGet }; // Postfix is not running yet
  const hostSettings = { dovecot: { uid: MAIL_UID, gid: MAIL_GID, homeBase: dovecot.homeBase, passwdGroup: 'dovecot' }, commands };
  world = await deliverWorld('POSTFIX', mapDir, hostSettings);
  await createMailObjects(world);
  await publishTimed(world, timings);
  await dovecotReadsPublished(dovecot, mapDir);
  await startPostfixOnPublished(pf, mapDir, dovecot.lmtpSocket, await readHostSnapshot(world.host.id));
  await relayToSink(pf, sink.port, await readHostSnapshot(world.host.id));
  await reloadPostfixOnPublish(world.host.id, hostSettings, pf, mapDir);
  timings.ready = Math.round(performance.now() - started);
}, 60_000);

afterAll(async () => {
  console.log(`postoffice-postfix timings (ms): ${JSON.stringify(timings)}`);
  const stops = await Promise.allSettled([pf?.destroy(), dovecot?.stop(), sink?.stop(), mapDir ? removeTree(mapDir) : undefined]);
  for (const stop of stops) if (stop.status === 'rejected') throw stop.reason;
});

/**
 * Mail for other domains leaves by SMTP to the sink: the test instance's discard transports give way to
 * Postfix's smtp client and a relayhost on loopback, then Postfix restarts on the same maps.
 */
async function relayToSink(instance: PostfixInstance, port: number, snapshot: Awaited<ReturnType<typeof readHostSnapshot>>) {
  const mainCf = path.join(instance.dir, 'etc/main.cf');
  const masterCf = path.join(instance.dir, 'etc/master.cf');
  const kept = (await readFile(mainCf, 'utf8')).split('\n').filter((l) => !/^(default|relay)_transport\s*=/.test(l));
  const relay = ['default_transport = smtp', 'relay_transport = smtp', `relayhost = [127.0.0.1]:${port}`, 'smtp_tls_security_level = none'];
  await writeFile(mainCf, `${kept.join('\n')}\n${relay.join('\n')}\n`);
  await writeFile(masterCf, `${await readFile(masterCf, 'utf8')}smtp unix - - n - - smtp\n`);
  const past = new Date(Date.now() - 60_000); // Postfix programs wait while main.cf looks younger than a second
  for (const cf of [mainCf, masterCf]) await utimes(cf, past, past);
  await instance.apply({ ...snapshot, host: { ...snapshot.host, flavor: 'postfix' } });
}

async function send(to: string, subject: string): Promise<void> {
  if (!pf) throw new Error('Postfix did not start (see the first failure)');
  const session = await SmtpSession.open(pf.port);
  try {
    await session.command('EHLO client.panel-test.example');
    const mail = await session.command('MAIL FROM:<sender@outside.example>');
    const rcpt = await session.command(`RCPT TO:<${to}>`);
    if (mail.code !== 250 || rcpt.code !== 250) throw new Error(`refused: ${mail.code} ${mail.text} / ${rcpt.code} ${rcpt.text}`);
    const data = await session.data(`Subject: ${subject}\nFrom: sender@outside.example\n\nHello.\n`);
    if (data.code !== 250) throw new Error(`DATA refused: ${data.code} ${data.text}`);
  } finally {
    await session.quit();
  }
}

function host(): PostofficeHost {
  if (!pf || !dovecot || !sink) throw new Error('the host did not start (see the first failure)');
  const { pop3Port } = dovecot;
  const doveadm = dovecot.doveadm.bind(dovecot);
  return {
    world,
    pop3Port,
    sink,
    send,
    publish: () => publishTimed(world, timings),
    doveadm,
    log: () => `${pf?.tail(30) ?? ''}\n${dovecot?.log().split('\n').slice(-20).join('\n') ?? ''}`,
  };
}

describe('the post office on a Postfix + Dovecot host published from the panel', () => {
  postofficeCases(host);

  it('reads the same usage when the host is reached over SSH (a private sshd on loopback)', async () => {
    const server = await SshServer.start();
    try {
      const id = world.host.id;
      // The key the host page would generate (a LOCAL host has none): sealed as the panel stores it.
      const key = generateSshIdentity(world.host.name);
      await appendFile(path.join(server.dir, 'authorized_keys'), `${key.publicKey}\n`);
      const ssh = { sshHost: '127.0.0.1', sshPort: server.port, sshUser: 'root', sshHostKey: server.hostKey };
      const joe = await db().account.findFirstOrThrow({ where: { customerId: world.customerId, name: 'joe' }, select: { id: true } });
      const local = await readMailboxUsage(world.customer, joe.id);
      // Stored directly and put back: updateMailHost would queue a publish through pg-boss.
      const sshPrivateKey = seal(key.privateKey, sshKeyContext(id));
      await db().mailHost.update({ where: { id }, data: { transport: 'SSH', ...ssh, sshPrivateKey, sshPublicKey: key.publicKey } });
      try {
        const times: number[] = [];
        let overSsh = local;
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          overSsh = await readMailboxUsage(world.customer, joe.id);
          times.push(Math.round(performance.now() - t));
        }
        console.log(`readMailboxUsage over SSH, a new connection each call: ${times.join(', ')} ms`);
        expect(local).toMatchObject({ ok: true });
        expect({ ...overSsh, readAt: null }).toEqual({ ...local, readAt: null });
      } finally {
        await db().mailHost.update({ where: { id }, data: { transport: 'LOCAL' } });
      }
    } finally {
      await server.destroy();
    }
  });
});
