// What real sendmail says about an address, in the resolver's terms (lib/mail/trace-types.ts): the RCPT
// reply from the SMTP dialogue and the deliveries from `sendmail -bv`, and a comparable form of both a
// sendmail answer and a resolver Trace, so a test can `expect(sendmail).toEqual(resolver)`.
import type { Delivery, RcptResult, SmtpReply, Trace } from '@/lib/mail/trace-types';
import type { SendmailLab, VerifyOutput } from './sendmail-lab';

export type SendmailAnswer = Pick<Trace, 'address' | 'rcpt' | 'deliveries'> & {
  /** What `-bv` printed (for failure messages). */
  verify: string[];
};

/**
 * Asks the lab about every address: RCPT as a local client (may relay) and as a stranger (may not),
 * then `-bv` for those accepted. `rcpt.relay`/`relayDenied` are set as the resolver sets them: for an
 * address a local client may send to but a stranger may not.
 */
export async function askSendmail(lab: SendmailLab, addresses: readonly string[]): Promise<SendmailAnswer[]> {
  const [local, stranger] = await Promise.all([lab.rcpt(addresses), lab.rcpt(addresses, '192.0.2.10')]);
  const accepted = addresses.filter((_, i) => isAccepted(local[i]));
  const verified = new Map((await lab.verify(accepted)).map((output) => [output.address, output]));
  return addresses.map((address, i) => {
    const rcpt = rcptResult(local[i], stranger[i]);
    const output = verified.get(address);
    return { address, rcpt, deliveries: output ? parseVerify(output) : [], verify: output?.lines ?? [] };
  });
}

function isAccepted(reply: SmtpReply | undefined): boolean {
  return reply !== undefined && reply.code >= 200 && reply.code < 300;
}

function rcptResult(local: SmtpReply | undefined, stranger: SmtpReply | undefined): RcptResult {
  if (!local || !stranger) throw new Error('missing RCPT reply');
  const words = (reply: SmtpReply): SmtpReply => ({ code: reply.code, status: reply.status, text: reply.text });
  if (!isAccepted(local)) return { accepted: false, reply: words(local) };
  if (!isAccepted(stranger)) return { accepted: true, relay: true, relayDenied: words(stranger) };
  return { accepted: true };
}

/**
 * The deliveries in `-bv` output. Each final recipient is one line `ADDR... deliverable: mailer M,
 * [host H, ]user U` — mailpanel: an account (H = "+detail"), local: a name the host itself handles,
 * esmtp/smtp/relay: relayed, *error*: a rejection reached through an alias (4xx: deferred) — or
 * `ADDR... TEXT` for one that bounces ("User unknown", a rejection's text). A loop has no address.
 */
export function parseVerify(output: VerifyOutput): Delivery[] {
  const deliveries: Delivery[] = [];
  const recursion = output.lines.some((line) => line.startsWith('rewrite: excessive recursion'));
  // A temporary rejection reached through an alias prints its text and then an *error* line with the
  // 4xx code: the message waits in the queue (deferred), it does not bounce now.
  const deferred = new Set(output.lines.flatMap((line) => /^(.*?)\.\.\. deliverable: mailer \*error\*, host 4\./.exec(line)?.[1] ?? []));
  for (const line of output.lines) {
    if (line.startsWith('rewrite: excessive recursion')) continue;
    if (line.startsWith('aliasing/forwarding loop broken')) {
      deliveries.push({ kind: 'bounce', address: '', reason: 'aliasLoop', message: line });
      continue;
    }
    const match = /^(.*?)\.\.\. (.*)$/.exec(line);
    if (!match) throw new Error(`sendmail -bv ${output.address}: unexpected line ${JSON.stringify(line)}`);
    const [, address = '', message = ''] = match;
    const deliverable = /^deliverable: mailer (\S+), (?:host (\S+), )?user (.+)$/.exec(message);
    if (deferred.has(address)) {
      if (deliverable) deliveries.push({ kind: 'deferred', address, message: `${deliverable[3] ?? ''}` });
      continue;
    }
    if (!deliverable) {
      // After "excessive recursion" sendmail gives up on the address as "User unknown": a virtmap loop.
      const reason = message === 'User unknown' ? (recursion && address.includes('@') ? 'virtmapLoop' : 'unknownUser') : 'rejected';
      deliveries.push({ kind: 'bounce', address, reason, message });
      continue;
    }
    const [, mailer = '', host, user = ''] = deliverable;
    if (mailer === 'mailpanel')
      deliveries.push(host ? { kind: 'account', name: user, detail: host.replace(/^\+/, '') } : { kind: 'account', name: user });
    else if (mailer === 'local') deliveries.push({ kind: 'host', name: user.replace(/^@/, '') });
    else if (mailer === 'esmtp' || mailer === 'smtp' || mailer === 'relay') deliveries.push({ kind: 'external', address: user });
    else if (mailer === '*file*' && user === '/dev/null') deliveries.push({ kind: 'discard' });
    else if (mailer === '*error*') deliveries.push({ kind: 'bounce', address, reason: 'rejected', message: `${host ?? ''} ${user}` });
    else throw new Error(`sendmail -bv ${output.address}: unknown mailer in ${JSON.stringify(line)}`);
  }
  return deliveries;
}

/** The parts of an answer both sides must agree on, as sorted strings (readable in a failed expect). */
export interface Comparable {
  rcpt: string;
  deliveries: string[];
}

export function comparable(answer: Pick<Trace, 'rcpt' | 'deliveries'>): Comparable {
  const rcpt = answer.rcpt.accepted
    ? answer.rcpt.relay && answer.rcpt.relayDenied
      ? `accepted (relay; a stranger gets ${reply(answer.rcpt.relayDenied)})`
      : 'accepted'
    : `refused ${reply(answer.rcpt.reply)}`;
  return { rcpt, deliveries: [...new Set(answer.deliveries.map(delivery))].sort() };
}

function reply(r: SmtpReply): string {
  return `${r.code} ${r.status} ${r.text}`;
}

function delivery(d: Delivery): string {
  switch (d.kind) {
    case 'account':
      return `account ${d.name}${d.detail ? ` +${d.detail}` : ''}`;
    case 'external':
      return `external ${lowerDomain(d.address)}`;
    case 'host':
      return `host ${d.name}`;
    case 'discard':
      return 'discard';
    case 'deferred':
      return `deferred ${d.address.toLowerCase()}`;
    case 'bounce': {
      // Both sides name the address that failed; a rejection also by its words, without the code
      // (sendmail's -bv line has no code; the resolver's message starts with "553 5.3.0").
      const words =
        d.reason === 'rejected'
          ? ` "${d.message.replace(/^\d{3} \d\.\d{1,3}\.\d{1,3} /, '').replace(/^\d\.\d{1,3}\.\d{1,3} \d{3} /, '')}"`
          : '';
      return `bounce ${d.reason}${d.reason === 'aliasLoop' ? '' : ` ${d.address.toLowerCase()}`}${words}`;
    }
  }
}

/** Local parts keep their case (the remote server decides what it means); domains do not. */
function lowerDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : `${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
}
