// The post office's promises on a sendmail + Dovecot host (postoffice-cases.ts): a private sendmail 8.17
// (tests/mta/sendmail-lab.ts, its .cf reading `<mapDir>/current` with the panel's mailpanel mailer
// speaking LMTP to a private Dovecot 2.3), mail for other domains sent to a smart host that is an SMTP
// sink on loopback (SMART_HOST `relay:[127.0.0.1]`, the relay mailer's port set to the sink's). Messages
// go in by `sendmail -bs -odi` from the lab's own domain (sendmail refuses a sender domain it cannot
// resolve), and are delivered, forwarded copies included, before DATA is answered. The usage is read
// through a LOCAL host whose quotaGet names the private Dovecot's configuration.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildSnapshot } from '../../lib/mail/snapshot-builder';
import { renderSendmailMc } from '../../lib/mailmaps/sendmail-mc';
import { MAIL_GID, MAIL_UID, startDovecot, type DovecotInstance } from '../mta/dovecot-instance';
import { requireSendmail } from '../mta/sendmail-lab';
import { startSmtpSink } from '../mta/smtp-sink';
import { withPanelDatabase } from '../support/panel-db';
import { dovecotReadsPublished } from './deliver-postfix-mta';
import { createMailObjects, deliverWorld, freshDeliverDir, publishTimed, type DeliverWorld } from './deliver-world';
import { postofficeCases, type PostofficeHost } from './postoffice-cases';
import { removeTree, sendmailHost, type SendmailHost } from './publish-fixtures';

withPanelDatabase();

const run = promisify(execFile);
let lab: SendmailHost | undefined;
let dovecot: DovecotInstance | undefined;
let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
let world: DeliverWorld;
const timings: Record<string, number> = {};

/**
 * The lab's .mc with the mailbox mailer on this Dovecot's LMTP and a smart host on loopback: a host's
 * own sendmail.mc would name its provider's relay the same way (docs/sendmail.md).
 */
function labMc(theLab: SendmailHost, lmtpSocket: string, sinkPort: number): string {
  const mc = renderSendmailMc({
    mapDir: `${theLab.mapDir}/current`,
    mailbox: { kind: 'lmtp', socket: lmtpSocket },
    isolated: {
      hostName: 'mail.mailpanel.test',
      serviceSwitchFile: `${theLab.lab.dir}/service.switch`,
      hostsFile: `${theLab.lab.dir}/etc/hosts`,
      stateDir: `${theLab.lab.dir}/state`,
    },
  });
  const smartHost = `define(\`SMART_HOST', \`relay:[127.0.0.1]')dnl\ndefine(\`RELAY_MAILER_ARGS', \`TCP $h ${sinkPort}')dnl\n`;
  return mc.replace("MAILER(`local')", `${smartHost}MAILER(\`local')`);
}

beforeAll(async () => {
  requireSendmail();
  const started = performance.now();
  sink = await startSmtpSink();
  const mapDir = await freshDeliverDir('postoffice-sendmail');
  dovecot = await startDovecot('');
  // The lab with an empty revision 1 live (publish-fixtures.ts), then this file's .mc.
  lab = await sendmailHost(mapDir, buildSnapshot({ domains: [], accounts: [], aliases: {}, virtmaps: {} }));
  await writeFile(path.join(lab.lab.dir, 'sendmail.mc'), labMc(lab, dovecot.lmtpSocket, sink.port));
  await writeFile(lab.lab.cf, (await run('m4', [path.join(lab.lab.dir, 'sendmail.mc')])).stdout);
  world = await deliverWorld('SENDMAIL', mapDir, {
    dovecot: { uid: MAIL_UID, gid: MAIL_GID, homeBase: dovecot.homeBase, passwdGroup: 'dovecot' },
    // no daemon runs in the lab (each -bs reads the maps), so nothing to HUP
    commands: {
      buildAliases: lab.settings.commands.buildAliases,
      reload: [],
      quotaGet: { argv: ['/usr/bin/doveadm', '-c', dovecot.confFile, 'quota', 'get', '-u', '{user}'] },
    },
  });
  await createMailObjects(world);
  await publishTimed(world, timings);
  await dovecotReadsPublished(dovecot, mapDir);
  timings.ready = Math.round(performance.now() - started);
}, 60_000);

afterAll(async () => {
  console.log(`postoffice-sendmail timings (ms): ${JSON.stringify(timings)}`);
  const stops = await Promise.allSettled([lab?.lab.close(), dovecot?.stop(), sink?.stop(), lab ? removeTree(lab.mapDir) : undefined]);
  for (const stop of stops) if (stop.status === 'rejected') throw stop.reason;
});

async function send(to: string, subject: string): Promise<void> {
  if (!lab) throw new Error('the sendmail lab did not start (see the first failure)');
  const message = `From: sender@mail.mailpanel.test\nTo: ${to}\nSubject: ${subject}\n\nHello.\n`;
  const { rcpt, data } = await lab.lab.send('sender@mail.mailpanel.test', [to], message);
  if (rcpt.some((r) => r.code !== 250) || data.code !== 250) throw new Error(`refused: ${JSON.stringify({ rcpt, data })}`);
}

function host(): PostofficeHost {
  if (!lab || !dovecot || !sink) throw new Error('the host did not start (see the first failure)');
  const { pop3Port } = dovecot;
  return {
    world,
    pop3Port,
    sink,
    send,
    publish: () => publishTimed(world, timings),
    doveadm: dovecot.doveadm.bind(dovecot),
    log: () => dovecot?.log().split('\n').slice(-20).join('\n') ?? '',
  };
}

describe('the post office on a sendmail + Dovecot host published from the panel', () => {
  postofficeCases(host);
});
