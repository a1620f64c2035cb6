// End to end on real software (issue 4, the first "done when"), Postfix flavour: mail objects made through
// the data layer are published by the sync job's own publishHost() into <mapDir>/rev-N + `current`; a
// private Postfix 3.7 (main.cf from postfixMainCf('<mapDir>/current'), mailbox_transport = LMTP) and a
// private Dovecot 2.3 (passwd-file = the published dovecot-passwd) read them; mail sent by SMTP on loopback
// arrives in the right mailboxes and is fetched over POP3 with the passwords typed into the panel; the
// rejected address is refused at RCPT with the panel's reply; a change saved later is live after the
// next publish (with the default Postfix reload). No MTA is mocked; nothing listens on ports 25 or 110.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHostSnapshot } from '../../lib/data/snapshots';
import { traceAddress } from '../../lib/mail/resolve';
import { hostName } from '../../lib/mail/tenancy';
import { MAIL_GID, MAIL_UID, type DovecotInstance } from '../mta/dovecot-instance';
import { PostfixInstance } from '../mta/postfix-instance';
import { smtpReply } from '../mta/postfix-probe';
import { SmtpSession, type Reply } from '../mta/postfix-smtp';
import { withPanelDatabase } from '../support/panel-db';
import { dovecotReadsPublished, reloadPostfixOnPublish, startDovecotForPostfix, startPostfixOnPublished } from './deliver-postfix-mta';
import {
  addAddress,
  createMailObjects,
  deliverWorld,
  freshDeliverDir,
  publishTimed,
  PASSWORDS,
  popLogin,
  popSubjects,
  popSubjectsWhen,
  REJECT_TEXT,
  type DeliverWorld,
} from './deliver-world';
import { expectOneCompleteRevision, removeTree, unpackedPostfixSettings } from './publish-fixtures';

withPanelDatabase();

const BUILT = ['domains', 'virtual', 'recipients', 'access', 'transport', 'aliases'];
let pf: PostfixInstance | undefined;
let dovecot: DovecotInstance | undefined;
let mapDir = '';
let world: DeliverWorld;
const timings: Record<string, number> = {};

// Each publish makes the next revision; tests compare with what was live or in a mailbox before them, so
// each runs alone or in any order.
let liveRevision = 0;
const publish = async () => (liveRevision = await publishTimed(world, timings));

beforeAll(async () => {
  const started = performance.now();
  dovecot = await startDovecotForPostfix();
  pf = await PostfixInstance.create();
  mapDir = await freshDeliverDir('postfix');
  const commands = { ...unpackedPostfixSettings(mapDir, pf).commands, reload: [] }; // Postfix is not running yet
  const hostSettings = { dovecot: { uid: MAIL_UID, gid: MAIL_GID, homeBase: dovecot.homeBase, passwdGroup: 'dovecot' }, commands };
  world = await deliverWorld('POSTFIX', mapDir, hostSettings);
  await createMailObjects(world);
  timings.setup = Math.round(performance.now() - started);
  expect(await publish()).toBe(1);

  // As on a real host (docs/publishing.md): the first revision is live, then the MTA and Dovecot are
  // pointed at `<mapDir>/current`, and from then on every publish reloads Postfix.
  await dovecotReadsPublished(dovecot, mapDir);
  await startPostfixOnPublished(pf, mapDir, dovecot.lmtpSocket, await readHostSnapshot(world.host.id));
  await reloadPostfixOnPublish(world.host.id, hostSettings, pf, mapDir);
  timings.ready = Math.round(performance.now() - started);
}, 60_000);

afterAll(async () => {
  console.log(`deliver-postfix timings (ms): ${JSON.stringify(timings)}`);
  // Each one stopped even if another fails to: a test run must not leave daemons behind.
  const stops = await Promise.allSettled([pf?.destroy(), dovecot?.stop(), mapDir ? removeTree(mapDir) : undefined]);
  for (const stop of stops) if (stop.status === 'rejected') throw stop.reason;
});

function port(): number {
  if (!pf) throw new Error('Postfix did not start (see the first failure)');
  return pf.port;
}

function pop3(): number {
  if (!dovecot) throw new Error('Dovecot did not start (see the first failure)');
  return dovecot.pop3Port;
}

/** An account's POP3 login (docs/dovecot.md): its login address, else its legacy login, else its host name. */
async function popUser(name: string): Promise<string> {
  const account = (await readHostSnapshot(world.host.id)).accounts.find((a) => a.name === name);
  if (!account) throw new Error(`no account ${name}`);
  return account.login ?? account.legacyLogin ?? hostName(account.owner, account.name);
}

/** What Postfix logged (its last lines): the reason when mail did not arrive. */
function postfixLog(): string {
  return pf?.tail(40) ?? '';
}

/** One SMTP transaction from a loopback client: RCPT replies, and the DATA reply when any was accepted. */
async function send(to: string[], subject: string): Promise<{ rcpt: Reply[]; data: Reply | null }> {
  const session = await SmtpSession.open(port());
  try {
    await session.command('EHLO client.panel-test.example');
    const mail = await session.command('MAIL FROM:<sender@outside.example>');
    if (mail.code !== 250) throw new Error(`MAIL FROM refused: ${mail.code} ${mail.text}`);
    const rcpt: Reply[] = [];
    for (const address of to) rcpt.push(await session.command(`RCPT TO:<${address}>`));
    const data = rcpt.some((r) => r.code === 250)
      ? await session.data(`Subject: ${subject}\nFrom: sender@outside.example\n\nHello.\n`)
      : null;
    return { rcpt, data };
  } finally {
    await session.quit();
  }
}

describe('a Postfix + Dovecot host published from the panel', () => {
  it('publishes one complete revision: every map built, the passwd-file readable by root and Dovecot only', async () => {
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    expect(live.revision).toBe(liveRevision);
    // The customer's joe is `<tag>-joe` on the host (docs/tenancy.md); it logs in with its address.
    expect(live.files.virtual).toContain(`joe@${world.domain.name}\t${world.tag}-joe@localhost`);
    expect(live.files['dovecot-passwd']).toContain(`\njoe@${world.domain.name}:{ARGON2ID}`);
    expect((await stat(path.join(mapDir, 'current', 'dovecot-passwd'))).mode & 0o777).toBe(0o640);
  });

  it('delivers the account address and an unknown name under the catch-all to the right POP3 mailboxes', async () => {
    const d = world.domain.name;
    const joe = await popSubjects(pop3(), await popUser('joe'), PASSWORDS.joe);
    const mary = await popSubjects(pop3(), await popUser('mary'), PASSWORDS.mary);
    const toJoe = await send([`joe@${d}`], 'to joe');
    const toCatchAll = await send([`nobody-here@${d}`], 'to the catch-all');
    for (const sent of [toJoe, toCatchAll]) {
      expect(sent.rcpt.map((r) => r.code)).toEqual([250]);
      expect(sent.data?.code).toBe(250);
    }
    expect(await popSubjectsWhen(pop3(), await popUser('joe'), PASSWORDS.joe, joe.length + 1), postfixLog()).toEqual(
      [...joe, 'to joe'].sort(),
    );
    expect(await popSubjectsWhen(pop3(), await popUser('mary'), PASSWORDS.mary, mary.length + 1), postfixLog()).toEqual(
      [...mary, 'to the catch-all'].sort(),
    );
    expect(postfixLog()).toMatch(/status=sent/); // the log of these deliveries, in which nothing failed
    expect(postfixLog()).not.toMatch(/status=(bounced|deferred)/);
  });

  it('refuses the rejected address at RCPT with the reply the panel traces', async () => {
    const d = world.domain.name;
    const { rcpt } = await send([`old@${d}`], 'never sent');
    const traced = traceAddress(await readHostSnapshot(world.host.id), `old@${d}`, 'postfix');
    expect(traced.rcpt).toEqual({
      accepted: false,
      reply: { code: 550, status: '5.1.1', text: `Recipient address rejected: ${REJECT_TEXT}` },
    });
    expect(rcpt.map((r) => ({ accepted: false, reply: smtpReply(r) }))).toEqual([traced.rcpt]);
  });

  it('a change saved while Postfix runs is live after the next publish (and its reload)', async () => {
    const d = world.domain.name;
    const joe = await popSubjects(pop3(), await popUser('joe'), PASSWORDS.joe);
    const mary = await popSubjects(pop3(), await popUser('mary'), PASSWORDS.mary);
    await addAddress(world, 'orders', 'joe'); // until now the catch-all's (mary's)
    const before = liveRevision;
    expect(await publish()).toBe(before + 1);
    const { rcpt } = await send([`orders@${d}`], 'an order');
    expect(rcpt.map((r) => r.code)).toEqual([250]);
    expect(await popSubjectsWhen(pop3(), await popUser('joe'), PASSWORDS.joe, joe.length + 1), postfixLog()).toEqual(
      [...joe, 'an order'].sort(),
    );
    expect(await popSubjects(pop3(), await popUser('mary'), PASSWORDS.mary)).toEqual(mary);
    // The panel's password is the only one: another account's is refused. (Last: a failed login makes
    // Dovecot slow down the next logins from the same address for seconds.)
    expect(await popLogin(pop3(), await popUser('joe'), PASSWORDS.mary)).toMatch(/^-ERR/);
  });
});
