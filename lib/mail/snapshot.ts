// A mail host's whole routing data as plain values: what the resolver reasons about, what the renderers
// turn into map files, and what `npm run mailpanel -- … --snapshot FILE` reads (docs/snapshot.md).
//
// Two versions. Version 1 is the classic host: one namespace of names, and every name answers at every
// domain that has no catch-all. Version 2 says who owns what (each domain, account and alias has an
// `owner`, a customer's tag), and names are the customer's own: two customers may both have `joe`.
// lib/mail/tenancy.ts compiles a version 2 snapshot into the version 1 "host view" that the MTAs are
// given — names made unique on the host (`owner-name`) and each domain's fall-through kept inside its
// owner (docs/tenancy.md) — and the resolver, the checks and the renderers all work on host views.
// Everything here is already validated and normalised: names and local parts in lower case, domains as
// lower-case A-labels. Only enabled domains are in a snapshot, with their virtmaps: a disabled domain is
// simply not on the mail host. A disabled account stays (its mail is kept) but cannot log in.

export type Flavor = 'sendmail' | 'postfix';

/** A mail host's flavour as the database stores it (the MailFlavor enum), in the snapshot's words. */
export function flavorOf(stored: 'SENDMAIL' | 'POSTFIX'): Flavor {
  return stored === 'POSTFIX' ? 'postfix' : 'sendmail';
}

/** An account: a local recipient and a Dovecot login. */
export interface SnapshotAccount {
  name: string;
  /** A hash Dovecot verifies, with its scheme, e.g. "{ARGON2ID}$argon2id$v=19$…". */
  passwordHash: string;
  quotaMb: number;
  /**
   * A disabled account: mail to it is still accepted and delivered (its addresses keep working, nothing
   * bounces), but its lines in Dovecot's passwd-file refuse every login (`nologin`), so nobody can read it.
   */
  loginDisabled?: true;
  /** Version 2: the customer (its tag) the account belongs to. */
  owner?: string;
  /** Version 2: the POP/IMAP login, the account's primary address (e.g. joe@subhost1.example). */
  login?: string;
  /** Version 2: the bare-name login the account had before tenancy, kept until its customer changes it. */
  legacyLogin?: string;
  /** The mailbox directory under the host's mail home; default: the account's name on the host. */
  mailbox?: string;
  /** The account's autoreply (vacation): its Dovecot Sieve script is rendered from this (lib/mailmaps/sieve.ts). */
  autoreply?: SnapshotAutoreply;
}

/** An autoreply as the mail host runs it (Sieve `vacation`, RFC 5230): no reply to lists, bulk or auto-submitted mail. */
export interface SnapshotAutoreply {
  /** One line: no CR, LF or NUL (lib/validation/autoreply.ts). */
  subject: string;
  /** The reply's text; lines end in LF. */
  text: string;
  /** First and last day (YYYY-MM-DD, the mail host's clock, both inclusive); absent: no bound. */
  startsOn?: string;
  endsOn?: string;
  /** At most one reply per sender in this many days (1..365). */
  days: number;
}

export type AliasTarget =
  /**
   * An account or alias name on this host: goes through aliases again. With `detail` (without "+") it is
   * `name+detail`: aliases are looked up without the detail, an account gets the copy with it.
   */
  | { kind: 'local'; name: string; detail?: string }
  /** `\name`: the account itself, no further aliasing (how an alias keeps a copy for its namesake). */
  | { kind: 'account'; name: string }
  /** A full address; on a local domain it goes back through the virtmaps (sendmail). */
  | { kind: 'external'; address: string }
  /**
   * `/dev/null`: this copy is accepted and thrown away (sendmail's file mailer, Postfix's local(8); both
   * measured). Aliases only: sendmail refuses a file in virtusertable (550 5.7.1).
   */
  | { kind: 'discard' };

export interface SnapshotAlias {
  name: string;
  targets: AliasTarget[];
  /** Version 2: the customer (its tag) the alias belongs to; its local targets are that customer's names. */
  owner?: string;
}

import type { RejectCode } from './reject-codes';

export type { RejectCode };

/**
 * Where a virtmap sends mail. `keepDetail` is sendmail's `%3` after the target's local part (`bob%3`,
 * `%1%3@other.example`): when the key matched without the address's "+detail" (`joe@d`, a wildcard key, the
 * catch-all), that "+detail" is passed on; for an exact match or an address without one it adds nothing.
 */
export type VirtmapTarget =
  /** A local name; `detail` (without "+") makes it `name+detail`, delivered with that detail. */
  | { kind: 'local'; name: string; detail?: string; keepDetail?: true }
  | { kind: 'external'; address: string; keepDetail?: true }
  /** `%1@domain`: keep the local part, change the domain. */
  | { kind: 'domainRedirect'; domain: string; keepDetail?: true }
  /**
   * `%1`: the local part as a local name. In a host view, `prefix` (e.g. "subhostone-") is put before it:
   * the local part as one of that customer's names (sendmail `prefix%1`).
   */
  | { kind: 'localPart'; prefix?: string; keepDetail?: true }
  /**
   * `error:…`: nouser → 553 5.3.0, unknown → 550 5.1.1, tempfail → 450 4.2.1, or any other `D.D.D:NNN`
   * (lib/mail/reject-codes.ts), with the text.
   */
  | { kind: 'reject'; code: RejectCode; text: string };

export interface SnapshotVirtmap {
  domain: string;
  /** "" is the catch-all `@domain`. */
  localPart: string;
  target: VirtmapTarget;
  /**
   * Host views only: a virtmap the panel adds for the tenancy rule (docs/tenancy.md), not one a user
   * made — `names`: the domain's fall-through to its owner's names; `strict`: a strict domain's refusal
   * of every other address; `postmaster`: postmaster@ and abuse@ kept deliverable.
   */
  implicit?: 'names' | 'strict' | 'postmaster';
}

export interface MailSnapshot {
  /** The format: 1, the classic host (one namespace); 2, names owned by customers (see above). */
  version: 1 | 2;
  host: { name: string; flavor: Flavor };
  /** The local domains (the host's enabled domains). */
  domains: string[];
  accounts: SnapshotAccount[];
  aliases: SnapshotAlias[];
  virtmaps: SnapshotVirtmap[];
  /** Version 2: each domain's owner (a customer's tag). */
  domainOwners?: Record<string, string>;
  /** Version 2: domains whose customer marked them strict: only their own addresses exist. */
  strictDomains?: string[];
}
