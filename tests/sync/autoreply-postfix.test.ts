// The autoreply end to end, Postfix flavour (issue 10): joe's Autoreply row is published by the sync job's
// publishHost() as `<mapDir>/current/<tag>-joe.sieve` with the maps; a private Postfix 3.7 hands joe's
// mail to a private Dovecot 2.3 by LMTP; Pigeonhole runs the script (dovecot.conf from renderDovecotConf
// with its `sieve` option) and sends the reply to an SMTP sink (submission_host). The cases are in
// autoreply-cases.ts; deliver-postfix.test.ts shows the same host without autoreplies. Needs
// `bash tests/mta/install.sh` and `bash tests/mta/install-dovecot.sh` (dovecot-sieve); nothing is skipped.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { readHostSnapshot } from '../../lib/data/snapshots';
import { MAIL_GID, MAIL_UID, type DovecotInstance } from '../mta/dovecot-instance';
import { PostfixInstance } from '../mta/postfix-instance';
import { SmtpSession } from '../mta/postfix-smtp';
import { startSmtpSink } from '../mta/smtp-sink';
import { withPanelDatabase } from '../support/panel-db';
import { AWAY, autoreplyCases, setAutoreply, type AutoreplyHost } from './autoreply-cases';
import { dovecotReadsPublished, reloadPostfixOnPublish, startDovecotForPostfix, startPostfixOnPublished } from './deliver-postfix-mta';
import { createMailObjects, deliverWorld, freshDeliverDir, publishTimed, type DeliverWorld } from './deliver-world';
import { removeTree, unpackedPostfixSettings } from './publish-fixtures';

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
  mapDir = await freshDeliverDir('autoreply-postfix');
  dovecot = await startDovecotForPostfix({
    scriptDir: `${mapDir}/current`,
    submissionHost: `127.0.0.1:${sink.port}`,
    postmasterAddress: 'postmaster@mail.autoreply.test',
  });
  pf = await PostfixInstance.create();
  const commands = { ...unpackedPostfixSettings(mapDir, pf).commands, reload: [] }; // Postfix is not running yet
  const hostSettings = { dovecot: { uid: MAIL_UID, gid: MAIL_GID, homeBase: dovecot.homeBase, passwdGroup: 'dovecot' }, commands };
  world = await deliverWorld('POSTFIX', mapDir, hostSettings);
  await createMailObjects(world);
  await setAutoreply(world, AWAY);
  await publishTimed(world, timings);
  await dovecotReadsPublished(dovecot, mapDir);
  await startPostfixOnPublished(pf, mapDir, dovecot.lmtpSocket, await readHostSnapshot(world.host.id));
  await reloadPostfixOnPublish(world.host.id, hostSettings, pf, mapDir);
  timings.ready = Math.round(performance.now() - started);
}, 60_000);

afterAll(async () => {
  console.log(`autoreply-postfix timings (ms): ${JSON.stringify(timings)}`);
  const stops = await Promise.allSettled([pf?.destroy(), dovecot?.stop(), sink?.stop(), mapDir ? removeTree(mapDir) : undefined]);
  for (const stop of stops) if (stop.status === 'rejected') throw stop.reason;
});

async function send(from: string, to: string, message: string): Promise<void> {
  if (!pf) throw new Error('Postfix did not start (see the first failure)');
  const session = await SmtpSession.open(pf.port);
  try {
    await session.command('EHLO client.autoreply-test.example');
    expect(await session.command(`MAIL FROM:<${from}>`)).toMatchObject({ code: 250 });
    expect(await session.command(`RCPT TO:<${to}>`)).toMatchObject({ code: 250 });
    expect(await session.data(message)).toMatchObject({ code: 250 });
  } finally {
    await session.quit();
  }
}

function host(): AutoreplyHost {
  if (!dovecot || !sink) throw new Error('the host did not start (see the first failure)');
  return {
    world,
    mapDir,
    pop3Port: dovecot.pop3Port,
    senderDomain: 'outside.example',
    sink,
    send,
    publish: () => publishTimed(world, timings),
    dovecotLog: () => dovecot?.log() ?? '',
  };
}

describe('an autoreply on a Postfix + Dovecot host published from the panel', () => {
  autoreplyCases(host);
});
