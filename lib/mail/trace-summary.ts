import type { Delivery, Trace } from './trace-types';

// Short sentences about a trace's outcome, for the UI, the CLI and the flavour comparison.

/** One line per outcome: the RCPT refusal, or each delivery. */
export function describeOutcome(trace: Trace): string[] {
  if (!trace.rcpt.accepted) {
    const { code, status, text } = trace.rcpt.reply;
    return [`Refused at RCPT: ${code} ${status} ${text}`];
  }
  if (trace.deliveries.length === 0) return ['Accepted, delivered nowhere.'];
  return trace.deliveries.map(describeDelivery);
}

export function describeDelivery(delivery: Delivery): string {
  switch (delivery.kind) {
    case 'account':
      return `Delivered to the account ${delivery.name}${delivery.detail ? ` (+${delivery.detail})` : ''}.`;
    case 'external':
      return delivery.onHost
        ? `Forwarded to ${delivery.address}, at a domain this mail host holds for someone else: the mail stays on the host and goes where that domain's owner sends it.`
        : `Relayed to ${delivery.address}.`;
    case 'bounce':
      return `Accepted, then bounced to the sender for ${delivery.address}: ${delivery.message}`;
    case 'deferred':
      return `Accepted, then kept in the queue for ${delivery.address}: ${delivery.message}`;
    case 'host':
      return `Handled by the mail host's own configuration (${delivery.name}).`;
    case 'discard':
      return 'Accepted and thrown away (/dev/null).';
  }
}

/** A comparable form of the outcome: the RCPT reply code or the sorted delivery keys. */
export function outcomeSignature(trace: Trace): string {
  if (!trace.rcpt.accepted) return `refused ${trace.rcpt.reply.code} ${trace.rcpt.reply.status}`;
  const deliveries = trace.deliveries.map((d) => {
    switch (d.kind) {
      case 'account':
        return `account ${d.name}${d.detail ? `+${d.detail}` : ''}`;
      case 'external':
        return `external ${d.address.toLowerCase()}`;
      case 'bounce':
        return `bounce ${d.reason} ${d.address.toLowerCase()}`;
      case 'deferred':
        return `deferred ${d.address.toLowerCase()}`;
      case 'host':
        return `host ${d.name}`;
      case 'discard':
        return 'discard';
    }
  });
  return `accepted: ${[...new Set(deliveries)].sort().join('; ')}`;
}

const NAMES = { sendmail: 'sendmail', postfix: 'Postfix' } as const;

/** Sentences saying how `other` (the other flavour) ends differently from `trace`; empty when the same. */
export function describeDifferences(trace: Trace, other: Trace): string[] {
  if (outcomeSignature(trace) === outcomeSignature(other)) return [];
  const where = NAMES[other.flavor];
  return describeOutcome(other).map((line) => `On ${where}: ${line}`);
}
