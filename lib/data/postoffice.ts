import './server-only';
import type { Actor } from '../auth/actor';
import type { MailChangeOptions } from './mail-change';
import type { AutoreplyForm, ForwardForm, PasswordChangeForm } from '../validation/postoffice';

// CONTRACT (issue 10, being built): what /postoffice and the panel's account page call for a mailbox's own
// settings. Every function takes the acting user first: a mailbox actor reaches only its own account; a
// customer, reseller or admin any account in its scope (accountScope + can). Bodies are filled in by the
// data-layer work; the pages are written against these signatures.

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

// Inputs: the parsed forms of lib/validation/postoffice.ts. Usage: lib/data/mailbox-usage.ts.

const todo = (): never => {
  throw new Error('not built yet (issue 10)');
};

export async function getMailbox(_actor: Actor, _accountId: string): Promise<MailboxView> {
  return todo();
}

/** Checks the old password, the strength of the new one; hashes, publishes; returns the new sessionVersion. */
export async function changeMailboxPassword(_actor: Actor, _accountId: string, _input: PasswordChangeForm): Promise<number> {
  return todo();
}

export async function setForward(_actor: Actor, _accountId: string, _input: ForwardForm, _options: MailChangeOptions) {
  return todo();
}

export async function clearForward(_actor: Actor, _accountId: string, _options: MailChangeOptions) {
  return todo();
}

export async function setAutoreply(_actor: Actor, _accountId: string, _input: AutoreplyForm, _options: MailChangeOptions) {
  return todo();
}

export async function clearAutoreply(_actor: Actor, _accountId: string, _options: MailChangeOptions) {
  return todo();
}
