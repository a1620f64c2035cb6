import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { addressesReaching } from '../mail/mailbox-addresses';
import { loadMailboxAccount } from './mailbox-account';
import { accountScope, forwardAliasScope } from './scope';
import { askHost, customerKeys } from './host-nearby';

// What /postoffice and the panel's account page call for a mailbox's own settings. Every function takes the
// acting user first: a mailbox actor reaches only its own account; a customer, reseller or admin any
// account in its scope (accountScope + can: lib/data/mailbox-account.ts); support reads only. The changes
// live in a file each; this module is the one place pages and tests import them from.

export { changeMailboxPassword } from './mailbox-password-change';
export { clearForward, setForward } from './mailbox-forward';
export { clearAutoreply, setAutoreply } from './mailbox-autoreply';

/** The forward of an account: the alias with the account's own name (targets `\name` when a copy is kept). */
export interface MailboxForward {
  addresses: string[];
  keepCopy: boolean;
}

export interface MailboxAutoreply {
  subject: string;
  text: string;
  /** YYYY-MM-DD or null. */
  startsOn: string | null;
  endsOn: string | null;
  days: number;
}

/** Usage as the mail host's Dovecot reports it (`doveadm quota get`), or why it could not be read. */
export type MailboxUsage =
  { ok: true; usedKb: number; limitKb: number | null; messages: number; readAt: Date } | { ok: false; reason: string; readAt: Date };

export interface MailboxView {
  id: string;
  /** The POP/IMAP login (the address the owner signs in with), or null when the account has none yet. */
  login: string | null;
  name: string;
  customerName: string;
  quotaMb: number;
  enabled: boolean;
  /** Every address that reaches this mailbox (virtmaps and aliases, reverse lookup), sorted. */
  addresses: string[];
  forward: MailboxForward | null;
  autoreply: MailboxAutoreply | null;
  /** The host's webmail URL, when its operator set one. */
  webmailUrl: string | null;
  mailHostId: string;
}

// Inputs: the parsed forms of lib/validation/postoffice.ts. Usage: lib/data/mailbox-usage.ts. Each change
// is one file of its own (mailbox-password-change.ts, mailbox-forward.ts, mailbox-autoreply.ts).

export async function getMailbox(actor: Actor, accountId: string): Promise<MailboxView> {
  const account = await loadMailboxAccount(actor, accountId, 'read');
  const forward = await db().alias.findFirst({
    where: { AND: [forwardAliasScope(actor), { customerId: account.customer.id, mailHostId: account.mailHostId, name: account.name }] },
    select: { targets: { orderBy: { position: 'asc' }, select: { kind: true, value: true } } },
  });
  const autoreply = await db().autoreply.findFirst({
    where: { accountId: account.id, account: accountScope(actor) },
    select: { subject: true, body: true, startsOn: true, endsOn: true, days: true },
  });
  // What the MTA does with each address, asked of the customer's part of the host (lib/data/host-nearby.ts):
  // its domains and names, and what their routes reach; not the whole host.
  const tag = account.customer.mailTag;
  const addresses = await askHost(
    account.mailHostId,
    (snapshot) => addressesReaching(snapshot, tag, account.name),
    null,
    (tx) => customerKeys(tx, account.mailHostId, account.customer.id, tag),
  );
  return {
    id: account.id,
    login: account.loginAddress,
    name: account.name,
    customerName: account.customer.name,
    quotaMb: account.quotaMb,
    enabled: account.enabled,
    addresses,
    forward: forward && {
      addresses: forward.targets.filter((t) => t.kind === 'EXTERNAL').map((t) => t.value),
      keepCopy: forward.targets.some((t) => t.kind === 'ACCOUNT_DIRECT' && t.value === account.name),
    },
    autoreply: autoreply && {
      subject: autoreply.subject,
      text: autoreply.body,
      startsOn: day(autoreply.startsOn),
      endsOn: day(autoreply.endsOn),
      days: autoreply.days,
    },
    webmailUrl: account.mailHost.webmailUrl,
    mailHostId: account.mailHostId,
  };
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
