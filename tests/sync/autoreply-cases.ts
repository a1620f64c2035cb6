// The autoreply cases both flavours run (autoreply-postfix, autoreply-sendmail): joe (deliver-world.ts) gets
// an Autoreply row, the sync job publishes his Sieve script with the maps, the host's MTA hands mail to a
// private Dovecot with Pigeonhole, and Dovecot sends its replies by SMTP to a sink on loopback. A reply
// is sent while the message is delivered, so "no reply" is proven without sleeping: after the messages
// that must not be answered are in the mailbox, a message from a new sender must be answered, and it must
// be the only reply that arrived.
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { clearAutoreply, setAutoreply as setAutoreplyOf } from '../../lib/data/postoffice';
import { AutoreplyForm } from '../../lib/validation/postoffice';
import { db } from '../../lib/db/client';
import { readHostSnapshot } from '../../lib/data/snapshots';
import type { SnapshotAutoreply } from '../../lib/mail/snapshot';
import { renderAutoreplyScripts } from '../../lib/mailmaps/sieve-files';
import type { ReceivedMessage } from '../mta/smtp-sink';
import { PASSWORDS, popSubjectsWhen, type DeliverWorld } from './deliver-world';

const run = promisify(execFile);

/** What the customer typed: quotes, a backslash, `${…}`, a line holding only ".", a line "text:". */
export const AWAY: SnapshotAutoreply = {
  subject: 'Out of office: "back" on ${monday} \\o/',
  text: 'I am away until Monday.\nUrgent: call "the desk" \\ ext. ${42}.\n.\ntext:\nJoe',
  days: 7,
};

export interface AutoreplyHost {
  world: DeliverWorld;
  mapDir: string;
  pop3Port: number;
  /** Where the test's senders are: a domain the MTA accepts senders from (sendmail checks it resolves). */
  senderDomain: string;
  sink: { messages: ReceivedMessage[]; waitFor(count: number, ms?: number): Promise<ReceivedMessage[]> };
  /** One message by SMTP to the host's MTA (envelope sender `from`, "" for the null sender). */
  send(from: string, to: string, message: string): Promise<void>;
  publish(): Promise<number>;
  /** Dovecot's log so far. */
  dovecotLog(): string;
}

/** Sets joe's autoreply as his customer does on the account page (the data layer's setAutoreply), no publish. */
export async function setAutoreply(world: DeliverWorld, autoreply: SnapshotAutoreply): Promise<void> {
  const account = await db().account.findFirstOrThrow({ where: { customerId: world.customerId, name: 'joe' }, select: { id: true } });
  const input = AutoreplyForm.parse({
    ...autoreply,
    startsOn: autoreply.startsOn ?? '',
    endsOn: autoreply.endsOn ?? '',
    days: String(autoreply.days),
  });
  await setAutoreplyOf(world.customer, account.id, input, { confirm: () => true });
}

let sequence = 0;
/** A sender nobody was answered before: Pigeonhole answers each sender once per :days. */
export const freshSender = (domain: string) => `sender${++sequence}-${process.pid}@${domain}`;

function message(from: string, to: string, subject: string, extra: string[] = []): string {
  return [`From: ${from || 'mailer-daemon@outside.example'}`, `To: ${to}`, `Subject: ${subject}`, ...extra, '', 'Hello joe.', ''].join(
    '\n',
  );
}

/** The header's value (first occurrence, unfolded) in a received message. */
function header(data: string, name: string): string | undefined {
  const head = data.split('\r\n\r\n')[0] ?? '';
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(head);
  return m?.[1]?.replace(/\r\n[ \t]+/g, ' ');
}

export function autoreplyCases(host: () => AutoreplyHost): void {
  const joeAddress = () => `joe@${host().world.domain.name}`;
  let inMailbox = 0;
  /** Sends, then waits until the message is in joe's mailbox (POP3): its delivery, and Sieve, ran. */
  const deliver = async (from: string, subject: string, extra: string[] = []) => {
    const h = host();
    await h.send(from, joeAddress(), message(from, joeAddress(), subject, extra));
    const subjects = await popSubjectsWhen(h.pop3Port, joeAddress(), PASSWORDS.joe, ++inMailbox);
    expect(subjects).toContain(subject);
  };
  /** The messages sent so far got no reply: a new sender's message is answered, and it is the only new reply. */
  const expectNoReplySince = async (before: number) => {
    const probe = freshSender(host().senderDomain);
    await deliver(probe, `probe from ${probe}`);
    const replies = await host().sink.waitFor(before + 1);
    expect(replies.slice(before).map((r) => r.to)).toEqual([[probe]]);
  };

  it("publishes joe's script beside dovecot-passwd, as rendered, and sievec compiles it", async () => {
    const h = host();
    const name = `${h.world.tag}-joe.sieve`;
    const file = path.join(h.mapDir, 'current', name);
    expect(await readFile(file, 'utf8')).toBe(renderAutoreplyScripts(await readHostSnapshot(h.world.host.id))[name]);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    await run('/usr/bin/sievec', [file, path.join(h.mapDir, 'compiled.svbin')]);
  });

  it('answers a message to joe once, from his login, with the text typed; the message is in his mailbox', async () => {
    const h = host();
    const before = h.sink.messages.length;
    const sender = freshSender(host().senderDomain);
    await deliver(sender, 'first message');
    const [reply] = (await h.sink.waitFor(before + 1)).slice(before);
    expect(reply?.from).toBe(''); // RFC 3834: replies go out with the null sender
    expect(reply?.to).toEqual([sender]);
    const data = reply?.data ?? '';
    expect(header(data, 'Subject')).toBe(AWAY.subject);
    expect(header(data, 'From')).toMatch(new RegExp(`^<?${joeAddress().replace(/\./g, '\\.')}>?$`));
    expect(header(data, 'To')).toContain(sender);
    expect(header(data, 'Auto-Submitted')).toMatch(/^auto-replied\b/);
    expect(data.split('\r\n\r\n').slice(1).join('\r\n\r\n')).toContain(AWAY.text.replace(/\n/g, '\r\n'));

    // the same sender again: no second reply within :days
    await deliver(sender, 'second message');
    await expectNoReplySince(before + 1);
  });

  it('never answers automatic mail, lists or the null sender (RFC 3834)', async () => {
    const before = host().sink.messages.length;
    await deliver(freshSender(host().senderDomain), 'auto-generated', ['Auto-Submitted: auto-generated']);
    await deliver(freshSender(host().senderDomain), 'list precedence', ['Precedence: list']);
    await deliver(freshSender(host().senderDomain), 'bulk precedence', ['Precedence: bulk']);
    await deliver(freshSender(host().senderDomain), 'list id', ['List-Id: <news.outside.example>']);
    await deliver(freshSender(host().senderDomain), 'list unsubscribe', ['List-Unsubscribe: <mailto:leave@outside.example>']);
    await deliver('', 'a bounce');
    await expectNoReplySince(before);
  });

  it('stops answering once the autoreply is removed: its script leaves the next revision', async () => {
    const h = host();
    const before = h.sink.messages.length;
    const account = await db().account.findFirstOrThrow({ where: { customerId: h.world.customerId, name: 'joe' }, select: { id: true } });
    await clearAutoreply(h.world.customer, account.id, { confirm: () => true });
    await h.publish();
    await expect(stat(path.join(h.mapDir, 'current', `${h.world.tag}-joe.sieve`))).rejects.toMatchObject({ code: 'ENOENT' });
    await deliver(freshSender(h.senderDomain), 'no autoreply any more');
    await setAutoreply(h.world, AWAY);
    await h.publish();
    await expectNoReplySince(before);
  });

  it("left nothing wrong in delivery's log: no Sieve, LMTP or LDA error or warning (binaries compile into the home)", () => {
    // Only the delivery processes: when both autoreply files run at once, the Postfix harness's Dovecot
    // reload was seen to leave an auth process failing to read its configuration ("Connection reset by
    // peer" on run/config), which has nothing to do with Sieve.
    const problems = host()
      .dovecotLog()
      .split('\n')
      .filter((line) => /\b(Error|Warning|Fatal|Panic):/.test(line) && /\b(lmtp|lda|sieve)\b/i.test(line));
    expect(problems).toEqual([]);
  });

  it('answers only on its days: none before startsOn or after endsOn, again once the dates include today', async () => {
    const h = host();
    const before = h.sink.messages.length;
    await setAutoreply(h.world, { ...AWAY, startsOn: '2020-01-01', endsOn: '2020-01-31' });
    await h.publish();
    await deliver(freshSender(host().senderDomain), 'autoreply in the past');
    await setAutoreply(h.world, { ...AWAY, startsOn: '2999-01-01' });
    await h.publish();
    await deliver(freshSender(host().senderDomain), 'autoreply in the future');
    const today = new Date().toISOString().slice(0, 10);
    await setAutoreply(h.world, { ...AWAY, startsOn: '2020-01-01', endsOn: today < '2999-12-31' ? '2999-12-31' : today });
    await h.publish();
    await expectNoReplySince(before);
  });
}
