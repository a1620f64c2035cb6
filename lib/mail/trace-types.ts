// What the route resolver answers for one address: the RCPT reply, the final deliveries and the steps
// that led there. Plain data, so the UI can show it, the CLI can print it, and the differential tests
// can compare it with what real sendmail and Postfix report.
import type { Flavor } from './snapshot';

/** An SMTP reply: `code status text`, e.g. 550 5.1.1 "User unknown". */
export interface SmtpReply {
  code: number;
  /** The enhanced status code (RFC 3463), e.g. "5.1.1". */
  status: string;
  text: string;
}

/**
 * The answer to RCPT TO. `relay` marks an address at a domain the host does not hold: accepted only
 * from clients allowed to relay (local submission, the host's own networks); others get
 * `relayDenied`.
 */
export type RcptResult = { accepted: true; relay?: true; relayDenied?: SmtpReply } | { accepted: false; reply: SmtpReply };

export type BounceReason =
  /** A local name that is neither an alias nor an account. */
  | 'unknownUser'
  /** An alias chain that comes back to itself (refused at save time). */
  | 'aliasLoop'
  /** A rejection (`error:`) reached after the RCPT stage, e.g. through an alias (sendmail). */
  | 'rejected'
  /** A virtmap chain that never ends, reached after the RCPT stage. */
  | 'virtmapLoop';

export type Delivery =
  /** The account's mailbox. `detail` is the `+detail` kept for local delivery (without the "+"). */
  | {
      kind: 'account';
      name: string;
      detail?: string;
      /** On a host with owners, told in its customer's words: whose account. */ owner?: string;
    }
  /**
   * Relayed to another mail server. `onHost`: the address is at a domain this host holds for another
   * customer, so the copy stays on the host and goes where that domain's owner sends it (a customer's view
   * of the host shows other customers' domains as elsewhere: lib/mail/own-words.ts).
   */
  | { kind: 'external'; address: string; onHost?: true }
  /** Accepted at RCPT, later returned to the sender with `message`. */
  | { kind: 'bounce'; address: string; reason: BounceReason; message: string }
  /**
   * Accepted and then kept in the queue: a temporary rejection (`error:4.2.1:450`) met after RCPT, retried
   * until it expires, or a virtmap loop met after RCPT on Postfix, retried for ever.
   */
  | { kind: 'deferred'; address: string; message: string }
  /** A reserved name (root, postmaster…) that the mail host's own configuration handles, not the panel. */
  | { kind: 'host'; name: string }
  /** An alias's `/dev/null`: this copy is accepted and thrown away. */
  | { kind: 'discard' };

/** A `+detail` decision on a virtmap match (DOMAIN.md row 5). The panel's Postfix drops it too (docs/postfix.md). */
export type DetailHandling = 'dropped' | 'kept' | 'appended';

export type Step =
  | { kind: 'relay'; depth: number; address: string; text: string }
  | { kind: 'virtmap'; depth: number; address: string; key: string; target: string; result: string; text: string }
  | { kind: 'noVirtmap'; depth: number; address: string; tried: string[]; text: string }
  | { kind: 'detail'; depth: number; detail: string; handling: DetailHandling; text: string }
  | { kind: 'reject'; depth: number; address: string; reply: SmtpReply; text: string }
  | { kind: 'alias'; depth: number; name: string; targets: string[]; text: string }
  | { kind: 'selfReference'; depth: number; name: string; text: string }
  /** sendmail: `name+detail` reached the alias `name` while it was being expanded; that copy is dropped. */
  | { kind: 'duplicateDropped'; depth: number; name: string; detail: string; text: string }
  | { kind: 'accountDirect'; depth: number; name: string; text: string }
  | { kind: 'account'; depth: number; name: string; text: string }
  | { kind: 'external'; depth: number; address: string; text: string }
  | { kind: 'discard'; depth: number; text: string }
  | { kind: 'localDomain'; depth: number; address: string; text: string }
  | { kind: 'unknownUser'; depth: number; name: string; text: string }
  | { kind: 'aliasLoop'; depth: number; name: string; /** The aliases from the first to the repeated one. */ cycle: string[]; text: string }
  | { kind: 'virtmapLoop'; depth: number; address: string; text: string }
  | { kind: 'host'; depth: number; name: string; text: string }
  | { kind: 'percentHack'; depth: number; address: string; result: string; text: string }
  | { kind: 'invalid'; depth: number; address: string; text: string };

export type StepKind = Step['kind'];

export interface Trace {
  flavor: Flavor;
  /** The address as asked (trimmed, angle brackets removed). */
  address: string;
  rcpt: RcptResult;
  /** Where copies end up, each once, in the order first reached. Empty when RCPT is refused. */
  deliveries: Delivery[];
  steps: Step[];
  /** Sentences saying how the other flavour would route this address differently (empty when the same). */
  differences: string[];
}
