// The autoreply end to end, sendmail flavour (issue 10): the same cases as autoreply-postfix
// (autoreply-cases.ts) on a private sendmail 8.17 (tests/mta/sendmail-lab.ts, its .cf reading
// `<mapDir>/current` with the panel's mailpanel mailer speaking LMTP to a private Dovecot 2.3, the .mc's
// default kind of delivery), and once through dovecot-lda, the other mailer the .mc can write: Sieve
// runs in both (`protocol lmtp` and `protocol lda` load it). Replies go to an SMTP sink. Needs sendmail
// and Dovecot with dovecot-sieve installed (tests/mta/install-*.sh); nothing is skipped.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../lib/mail/snapshot-builder';
import { renderSendmailMc } from '../../lib/mailmaps/sendmail-mc';
import { MAIL_GID, MAIL_UID, startDovecot, type DovecotInstance } from '../mta/dovecot-instance';
import { requireSendmail } from '../mta/sendmail-lab';
import { startSmtpSink } from '../mta/smtp-sink';
import { withPanelDatabase } from '../support/panel-db';
import { AWAY, autoreplyCases, freshSender, setAutoreply, type AutoreplyHost } from './autoreply-cases';
import { dovecotReadsPublished } from './deliver-postfix-mta';
import { createMailObjects, deliverWorld, freshDeliverDir, publishTimed, type DeliverWorld } from './deliver-world';
import { removeTree, sendmailHost, type SendmailHost } from './publish-fixtures';

withPanelDatabase();

const run = promisify(execFile);
let lab: SendmailHost | undefined;
let dovecot: DovecotInstance | undefined;
let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
let world: DeliverWorld;
const timings: Record<string, number> = {};

beforeAll(async () => {
  requireSendmail();
  const started = performance.now();
  sink = await startSmtpSink();
  const mapDir = await freshDeliverDir('autoreply-sendmail');
  dovecot = await startDovecot('', {
    sieve: {
      scriptDir: `${mapDir}/current`,
      submissionHost: `127.0.0.1:${sink.port}`,
      postmasterAddress: 'postmaster@mail.mailpanel.test',
    },
  });
  // The lab with an empty revision 1 live (publish-fixtures.ts), its mailer pointed at this Dovecot's LMTP.
  lab = await sendmailHost(mapDir, buildSnapshot({ domains: [], accounts: [], aliases: {}, virtmaps: {} }));
  const mc = renderSendmailMc({
    mapDir: `${mapDir}/current`,
    mailbox: { kind: 'lmtp', socket: dovecot.lmtpSocket },
    isolated: {
      hostName: 'mail.mailpanel.test',
      serviceSwitchFile: `${lab.lab.dir}/service.switch`,
      hostsFile: `${lab.lab.dir}/etc/hosts`,
      stateDir: `${lab.lab.dir}/state`,
    },
  });
  await writeFile(path.join(lab.lab.dir, 'sendmail.mc'), mc);
  await writeFile(lab.lab.cf, (await run('m4', [path.join(lab.lab.dir, 'sendmail.mc')])).stdout);
  world = await deliverWorld('SENDMAIL', mapDir, {
    dovecot: { uid: MAIL_UID, gid: MAIL_GID, homeBase: dovecot.homeBase, passwdGroup: 'dovecot' },
    // no daemon runs in the lab (each -bs reads the maps), so nothing to HUP
    commands: { buildAliases: lab.settings.commands.buildAliases, reload: [] },
  });
  await createMailObjects(world);
  await setAutoreply(world, AWAY);
  await publishTimed(world, timings);
  await dovecotReadsPublished(dovecot, mapDir);
  timings.ready = Math.round(performance.now() - started);
}, 60_000);

afterAll(async () => {
  console.log(`autoreply-sendmail timings (ms): ${JSON.stringify(timings)}`);
  const stops = await Promise.allSettled([lab?.lab.close(), dovecot?.stop(), sink?.stop(), lab ? removeTree(lab.mapDir) : undefined]);
  for (const stop of stops) if (stop.status === 'rejected') throw stop.reason;
});

/** One message through `sendmail -bs -odi`: delivered (by LMTP, Sieve included) before DATA is answered. */
async function send(from: string, to: string, message: string): Promise<void> {
  if (!lab) throw new Error('the sendmail lab did not start (see the first failure)');
  const { rcpt, data } = await lab.lab.send(from, [to], message);
  expect(rcpt.map((r) => r.code)).toEqual([250]);
  expect(data.code).toBe(250);
}

function host(): AutoreplyHost {
  if (!dovecot || !sink || !lab) throw new Error('the host did not start (see the first failure)');
  return {
    world,
    mapDir: lab.mapDir,
    pop3Port: dovecot.pop3Port,
    senderDomain: 'mail.mailpanel.test',
    sink,
    send,
    publish: () => publishTimed(world, timings),
    dovecotLog: () => dovecot?.log() ?? '',
  };
}

describe('an autoreply on a sendmail + Dovecot host published from the panel', () => {
  autoreplyCases(host);

  it("answers through dovecot-lda too, as the .mc's LDA mailer delivers (`protocol lda` loads Sieve)", async () => {
    if (!dovecot || !sink) throw new Error('the host did not start');
    await setAutoreply(world, AWAY);
    await publishTimed(world, timings);
    const before = sink.messages.length;
    const sender = freshSender('mail.mailpanel.test');
    const to = `joe@${world.domain.name}`;
    const message = `From: ${sender}\nTo: ${to}\nSubject: through the LDA\n\nHello joe.\n`;
    // as the mailer runs it: `dovecot-lda -c CONF -d <name on the host>`, the sender from -f
    const lda = await dovecot.run(
      '/usr/lib/dovecot/dovecot-lda',
      ['-c', dovecot.confFile, '-d', `${world.tag}-joe`, '-f', sender],
      message,
    );
    expect(lda, dovecot.log()).toMatchObject({ code: 0 });
    const replies = (await sink.waitFor(before + 1)).slice(before);
    expect(replies.map((r) => [r.from, r.to])).toEqual([['', [sender]]]);
  });
});
