// Asks the private Postfix where mail to each address goes, by sending it: one SMTP transaction from a
// local client (RCPT replies, then one message to every accepted address), one RCPT-only session from an
// outside client (XCLIENT) to see relaying refused, then the log says what became of each recipient —
// Postfix logs every final recipient with the address it was sent to (orig_to), through virtual aliases,
// local(8) aliases and forwarded copies alike. Answers in the resolver's shape (lib/mail/trace-types.ts).
import type { Delivery, RcptResult, SmtpReply } from '@/lib/mail/trace-types';
import { HOST_REASON, NO_MAILBOX, type PostfixInstance } from './postfix-instance';
import { messageTree, readLog, type LogView, type RecipientLine } from './postfix-log';
import { SmtpSession, type Reply } from './postfix-smtp';

export interface PostfixAnswer {
  address: string;
  rcpt: RcptResult;
  deliveries: Delivery[];
}

/** The SMTP reply split as the resolver writes it: `550 5.1.1 <a@d>: Recipient address rejected: X`. */
export function smtpReply(reply: Reply): SmtpReply {
  const m = /^(\d\.\d{1,3}\.\d{1,3}) (.*)$/s.exec(reply.text);
  const text = (m?.[2] ?? reply.text).replace(/^<[^>]*>: /, '');
  return { code: reply.code, status: m?.[1] ?? '', text };
}

const BATCH = 500;

/**
 * Splits the addresses into transactions that Postfix keeps apart: cleanup drops a recipient that equals
 * another of the same message ignoring case (`JOE@D` and `joe@d` would be one), and smtpd takes at most
 * 1000 recipients per message.
 */
export function transactions(addresses: string[]): string[][] {
  const groups: Array<{ addresses: string[]; keys: Set<string> }> = [];
  for (const address of addresses) {
    const key = address.toLowerCase();
    let group = groups.find((g) => !g.keys.has(key) && g.addresses.length < BATCH);
    if (!group) groups.push((group = { addresses: [], keys: new Set() }));
    group.addresses.push(address);
    group.keys.add(key);
  }
  return groups.map((g) => g.addresses);
}

async function rcptSession(
  port: number,
  addresses: string[],
  outside: boolean,
  send: boolean,
): Promise<{ replies: Map<string, Reply>; queued: string[] }> {
  const session = await SmtpSession.open(port);
  const replies = new Map<string, Reply>();
  const queued: string[] = [];
  try {
    await session.command('EHLO probe.panel-test.example');
    if (outside) {
      const x = await session.command('XCLIENT ADDR=192.0.2.7 NAME=[UNAVAILABLE]');
      if (x.code !== 220) throw new Error(`XCLIENT refused: ${x.code} ${x.text}`);
      await session.command('EHLO outside.example');
    }
    for (const batch of transactions(addresses)) {
      const [mail, ...rcpts] = await session.pipeline(['MAIL FROM:<>', ...batch.map((a) => `RCPT TO:<${a}>`)]);
      if (mail?.code !== 250) throw new Error(`MAIL FROM refused: ${mail?.code} ${mail?.text}`);
      batch.forEach((address, i) => replies.set(address, rcpts[i] ?? { code: 0, text: 'no reply' }));
      if (send && rcpts.some((r) => r.code === 250)) {
        const done = await session.data('Subject: mailpanel probe\n\nWhere does this go?\n');
        const id = /queued as ([0-9A-F]+)/.exec(done.text)?.[1];
        if (done.code !== 250 || !id) throw new Error(`message refused: ${done.code} ${done.text}`);
        queued.push(id);
      } else await session.command('RSET');
    }
  } finally {
    await session.quit();
  }
  return { replies, queued };
}

/**
 * Waits until every message of the tree has been removed or waits deferred; returns the log view. A
 * deferred message counts once its deferral is in the log too: the queue file can move before the line
 * that says why is written, and the answer is read from the line.
 */
async function settle(instance: PostfixInstance, roots: string[], timeoutMs = 20_000): Promise<LogView> {
  let text = '';
  const until = Date.now() + timeoutMs;
  for (;;) {
    text += await instance.logSince();
    const view = readLog(text);
    const tree = messageTree(view, roots);
    const deferredLogged = (qid: string) => view.recipients.some((line) => line.qid === qid && line.status === 'deferred');
    if (tree.every((qid) => view.removed.has(qid) || (instance.isDeferred(qid) && deferredLogged(qid)))) return view;
    if (Date.now() > until) throw new Error(`Postfix did not finish ${tree.join(', ')} in ${timeoutMs} ms:\n${instance.tail()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function splitLocal(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return at < 0 ? { local: address, domain: '' } : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** One logged recipient as a delivery (undefined for a hop: a forward or a hand-over). */
export function deliveryOf(line: RecipientLine): Delivery | undefined {
  if (line.status === 'sent' && line.service === 'discard' && line.reason === 'account') {
    const { local } = splitLocal(line.to.toLowerCase());
    const plus = local.indexOf('+', 1);
    const detail = plus === -1 ? '' : local.slice(plus + 1);
    return detail === ''
      ? { kind: 'account', name: plus === -1 ? local : local.slice(0, plus) }
      : { kind: 'account', name: local.slice(0, plus), detail };
  }
  if (line.status === 'sent' && line.service === 'discard' && line.reason === HOST_REASON) {
    return { kind: 'host', name: splitLocal(line.to.toLowerCase()).local };
  }
  if (line.status === 'sent' && line.service === 'discard' && line.reason === 'external') {
    const { local, domain } = splitLocal(line.to);
    return { kind: 'external', address: `${local}@${domain.toLowerCase()}` };
  }
  // An alias's /dev/null: local(8) writes the copy to the file.
  if (line.status === 'sent' && line.service === 'local' && line.reason === 'delivered to file: /dev/null') return { kind: 'discard' };
  if (line.status === 'sent') return undefined;
  if (line.status === 'deferred') return { kind: 'deferred', address: line.to, message: line.reason };
  const reason = /alias database loop|forwarding loop/.test(line.reason)
    ? 'aliasLoop'
    : line.reason === NO_MAILBOX
      ? 'unknownUser'
      : /virtual alias table loop|recursion/i.test(line.reason)
        ? 'virtmapLoop'
        : 'rejected';
  return { kind: 'bounce', address: line.to, reason, message: line.reason };
}

/** Sends to `addresses` (a snapshot must be applied) and reports, per address, what Postfix did. */
export async function probePostfix(instance: PostfixInstance, addresses: string[]): Promise<Map<string, PostfixAnswer>> {
  await instance.logSince();
  const inside = await rcptSession(instance.port, addresses, false, true);
  const outside = await rcptSession(instance.port, addresses, true, false);
  const view = await settle(instance, inside.queued);
  if (view.outbound.length > 0) throw new Error(`Postfix tried to connect out:\n${view.outbound.join('\n')}`);
  const tree = new Set(messageTree(view, inside.queued));
  const answers = new Map<string, PostfixAnswer>();
  addresses.forEach((address) => {
    const here = inside.replies.get(address) ?? { code: 0, text: 'no reply' };
    const there = outside.replies.get(address) ?? { code: 0, text: 'no reply' };
    let rcpt: RcptResult;
    if (here.code >= 400) rcpt = { accepted: false, reply: smtpReply(here) };
    else if (there.code >= 400 && /Relay access denied/.test(there.text))
      rcpt = { accepted: true, relay: true, relayDenied: smtpReply(there) };
    else rcpt = { accepted: true };
    answers.set(address, { address, rcpt, deliveries: [] });
  });
  const seen = new Set<string>();
  for (const line of view.recipients) {
    if (!tree.has(line.qid)) continue;
    const answer = answers.get(line.origTo);
    const delivery = deliveryOf(line);
    if (!answer || !delivery) continue;
    const key = `${line.origTo}\n${JSON.stringify(delivery)}`;
    if (!seen.has(key)) answer.deliveries.push(delivery);
    seen.add(key);
  }
  return answers;
}
