import type { Flavor, RejectCode } from './snapshot';
import { rejectReply } from './targets';
import type { SmtpReply } from './trace-types';

// Where the resolver's answer depends on the flavour: the differences DOMAIN.md lists between sendmail
// and Postfix that remain after the panel renders and configures Postfix (docs/postfix.md), and the
// words each MTA uses in its replies. Everything else — the virtmap order, catch-alls, alias precedence,
// alias chains — is the same on both.

export interface FlavorRules {
  /** Postfix difference 1: is an unmatched +detail appended to the result? (`catchAll`: matched `@d`) */
  propagateDetail(catchAll: boolean): boolean;
  /** DOMAIN.md row 7 / Postfix difference 3: does an alias target on a local domain see the virtmaps? */
  aliasAddressThroughVirtmaps: boolean;
  /** Postfix difference 5: a rejection reached after `hops` virtmaps is refused at RCPT, or bounces? */
  rejectsAtRcpt(hops: number): boolean;
  /** An unknown local name reached after `hops` virtmaps: refused at RCPT, or accepted and bounced? */
  unknownRefusedAtRcpt(hops: number): boolean;
  /** DOMAIN.md row 9 / Postfix difference 8: a virtmap loop is refused at RCPT or stays in the queue. */
  virtmapLoop: 'refuse' | 'defer';
  rejectReply(code: RejectCode, text: string): SmtpReply;
  replies: { unknownUser: SmtpReply; virtmapLoop: SmtpReply; relayDenied: SmtpReply; invalid: SmtpReply };
  messages: { unknownUser(name: string): string; aliasLoop(name: string): string; virtmapLoop: string };
}

const sendmail: FlavorRules = {
  propagateDetail: () => false,
  aliasAddressThroughVirtmaps: true,
  // sendmail resolves virtusertable while parsing the address, so a chain ends at RCPT time.
  rejectsAtRcpt: () => true,
  unknownRefusedAtRcpt: () => true,
  virtmapLoop: 'refuse',
  rejectReply,
  replies: {
    unknownUser: { code: 550, status: '5.1.1', text: 'User unknown' },
    virtmapLoop: { code: 554, status: '5.0.0', text: 'rewrite: excessive recursion' },
    relayDenied: { code: 550, status: '5.7.1', text: 'Relaying denied' },
    invalid: { code: 553, status: '5.1.3', text: 'Invalid address' },
  },
  messages: {
    unknownUser: (name) => `550 5.1.1 ${name}... User unknown`,
    aliasLoop: () => '554 5.4.6 aliasing/forwarding loop broken',
    virtmapLoop: '554 5.0.0 rewrite: excessive recursion',
  },
};

const postfix: FlavorRules = {
  // The panel sets propagate_unmatched_extensions = canonical, so virtual(5) drops the detail as
  // sendmail does (difference 1 closed by configuration).
  propagateDetail: () => false,
  aliasAddressThroughVirtmaps: false,
  // Rejections are check_recipient_access entries: smtpd consults them for the address as sent only.
  rejectsAtRcpt: (hops) => hops === 0,
  // smtpd accepts any address virtual_alias_maps lists; an unknown name behind it bounces in local(8).
  unknownRefusedAtRcpt: (hops) => hops === 0,
  virtmapLoop: 'defer',
  rejectReply: (code, text) => ({ ...rejectReply(code, text), text: `Recipient address rejected: ${text}` }),
  replies: {
    unknownUser: { code: 550, status: '5.1.1', text: 'Recipient address rejected: User unknown in local recipient table' },
    virtmapLoop: { code: 451, status: '4.3.0', text: 'virtual alias table loop' },
    relayDenied: { code: 554, status: '5.7.1', text: 'Relay access denied' },
    invalid: { code: 501, status: '5.1.3', text: 'Bad recipient address syntax' },
  },
  messages: {
    unknownUser: (name) => `5.1.1 unknown user: "${name}"`,
    aliasLoop: (name) => `5.4.6 alias database loop for ${name}`,
    virtmapLoop: '4.3.0 virtual alias table loop: the message stays in the queue',
  },
};

export const FLAVOR_RULES: Readonly<Record<Flavor, FlavorRules>> = { sendmail, postfix };
