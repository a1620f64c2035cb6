import { isWildcardKey } from './names';
import type { RejectCode } from './reject-codes';
import type { Flavor, MailSnapshot } from './snapshot';
import { rejectReply } from './targets';
import type { SmtpReply } from './trace-types';

// Where the resolver's answer depends on the flavour. docs/postfix.md closes every routing difference
// DOMAIN.md lists by how it renders and configures Postfix: `propagate_unmatched_extensions = canonical`
// (1), no keys for foreign domains (2), alias targets on local domains re-injected through cleanup so the
// virtmaps apply (3), one target per key (4), rejections in `access` at RCPT — with the renderer
// composing virtmap chains, unknown names and loops into RCPT decisions as sendmail does while parsing —
// and in `transport` after RCPT (5), no duplicates (6), regexp tables for `%1` (7). What remains, and is
// modelled here (docs/postfix.md, "Remaining differences"):
// - the reply words: Postfix answers `<addr>: Recipient address rejected: TEXT` and keeps the text as
//   written, where sendmail re-joins the text's tokens (`sendmailReplyText`);
// - a virtmap loop reached after RCPT (through an alias) stays in Postfix's queue; sendmail bounces it.
// - sendmail's wildcard keys (`joe+*`, `joe++`, `+*`, `++`) have no Postfix lookup: Postfix's files leave
//   them out and its trace never matches them (a Postfix host refuses new ones, snapshot-checks.ts).
// On both, a temporary rejection (`error:4.2.1:450`) reached after RCPT is deferred, not bounced.

export interface FlavorRules {
  rejectReply(code: RejectCode, text: string): SmtpReply;
  /** A virtmap loop reached after RCPT: bounced, or deferred for ever. */
  loopAfterRcpt: 'bounce' | 'defer';
  replies: { unknownUser: SmtpReply; virtmapLoop: SmtpReply; relayDenied: SmtpReply; invalid: SmtpReply };
  messages: { unknownUser(name: string): string; aliasLoop(name: string): string; virtmapLoop: string };
}

const sendmail: FlavorRules = {
  rejectReply,
  loopAfterRcpt: 'bounce',
  replies: {
    unknownUser: { code: 550, status: '5.1.1', text: 'User unknown' },
    virtmapLoop: { code: 554, status: '5.0.0', text: 'rewrite: excessive recursion (max 50), ruleset canonify' },
    relayDenied: { code: 550, status: '5.7.1', text: 'Relaying denied' },
    invalid: { code: 553, status: '5.1.3', text: 'Invalid address' },
  },
  messages: {
    unknownUser: () => '550 5.1.1 User unknown',
    aliasLoop: () => '554 5.4.6 aliasing/forwarding loop broken',
    virtmapLoop: '554 5.0.0 rewrite: excessive recursion',
  },
};

const rejected = (text: string) => `Recipient address rejected: ${text}`;

const postfix: FlavorRules = {
  rejectReply: (code, text) => ({ ...rejectReply(code, text), text: rejected(text) }),
  loopAfterRcpt: 'defer',
  replies: {
    unknownUser: { code: 550, status: '5.1.1', text: rejected('User unknown in local recipient table') },
    virtmapLoop: { code: 554, status: '5.0.0', text: rejected('Virtual alias loop') },
    // 550, not Postfix's default 554: the rendered main.cf sets relay_domains_reject_code = 550 (as sendmail).
    relayDenied: { code: 550, status: '5.7.1', text: 'Relay access denied' },
    invalid: { code: 501, status: '5.1.3', text: 'Bad recipient address syntax' },
  },
  messages: {
    unknownUser: (name) => `5.1.1 unknown user: "${name}"`,
    aliasLoop: (name) => `5.4.6 alias database loop for ${name}`,
    virtmapLoop: '4.4.6 virtual alias table loop: the message stays in the queue',
  },
};

export const FLAVOR_RULES: Readonly<Record<Flavor, FlavorRules>> = { sendmail, postfix };

/** What a Postfix host is given: the snapshot without sendmail's wildcard keys, which Postfix cannot look up. */
export function withoutWildcardKeys(snapshot: MailSnapshot): MailSnapshot {
  if (!snapshot.virtmaps.some((v) => isWildcardKey(v.localPart))) return snapshot;
  return { ...snapshot, virtmaps: snapshot.virtmaps.filter((v) => !isWildcardKey(v.localPart)) };
}
