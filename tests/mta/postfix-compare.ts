// One line per answer, so a scenario's expectation reads like the behaviour it describes and a mismatch
// shows both sides at a glance: "accepted: account:joe, external:Boss@elsewhere.example",
// "550 5.1.1 Recipient address rejected: User unknown in local recipient table",
// "relay (550 5.7.1 Relay access denied): external:x@elsewhere.example".
// Bounce and deferral texts are left out on purpose: they are each MTA's own words (docs/postfix.md).
import type { Delivery, RcptResult } from '@/lib/mail/trace-types';

export function deliveryWord(d: Delivery): string {
  switch (d.kind) {
    case 'account':
      return d.detail ? `account:${d.name}+${d.detail}` : `account:${d.name}`;
    case 'external':
      return `external:${d.address}`;
    case 'bounce':
      return `bounce:${d.reason}`;
    case 'deferred':
      return 'deferred';
    case 'host':
      return `host:${d.name}`;
    case 'discard':
      return 'discard';
  }
}

export function summarize(answer: { rcpt: RcptResult; deliveries: Delivery[] }): string {
  const r = answer.rcpt;
  if (!r.accepted) return `${r.reply.code} ${r.reply.status} ${r.reply.text}`;
  const where = [...new Set(answer.deliveries.map(deliveryWord))].sort().join(', ');
  if (r.relay) return `relay (${r.relayDenied ? `${r.relayDenied.code} ${r.relayDenied.status} ${r.relayDenied.text}` : 'open'}): ${where}`;
  return `accepted: ${where}`;
}
