// A mail host's whole routing data as plain values: what the resolver reasons about, what the renderers
// turn into map files, and what `npm run mailpanel -- … --snapshot FILE` reads (docs/snapshot.md).
// Everything here is already validated and normalised: names and local parts in lower case, domains as
// lower-case A-labels. Only enabled domains, aliases and virtmaps are in a snapshot: a disabled one is
// simply not on the mail host. A disabled account stays (its mail is kept) but cannot log in.

export type Flavor = 'sendmail' | 'postfix';

/** An account: a local recipient and a Dovecot login. */
export interface SnapshotAccount {
  name: string;
  /** A hash Dovecot verifies, with its scheme, e.g. "{ARGON2ID}$argon2id$v=19$…". */
  passwordHash: string;
  quotaMb: number;
  /**
   * A disabled account: mail to it is still accepted and delivered (its addresses keep working, nothing
   * bounces), but it is left out of Dovecot's passwd-file, so nobody can log in to read it.
   */
  loginDisabled?: true;
}

export type AliasTarget =
  /** An account or alias name on this host: goes through aliases again. */
  | { kind: 'local'; name: string }
  /** `\name`: the account itself, no further aliasing (how an alias keeps a copy for its namesake). */
  | { kind: 'account'; name: string }
  /** A full address; on a local domain it goes back through the virtmaps (sendmail). */
  | { kind: 'external'; address: string };

export interface SnapshotAlias {
  name: string;
  targets: AliasTarget[];
}

export type RejectCode = 'nouser' | 'unknown' | 'tempfail';

export type VirtmapTarget =
  | { kind: 'local'; name: string }
  | { kind: 'external'; address: string }
  /** `%1@domain`: keep the local part, change the domain. */
  | { kind: 'domainRedirect'; domain: string }
  /** `%1`: the local part as a local name. */
  | { kind: 'localPart' }
  /** `error:…`: nouser → 553 5.3.0, unknown → 550 5.1.1, tempfail → 450 4.2.1, with the text. */
  | { kind: 'reject'; code: RejectCode; text: string };

export interface SnapshotVirtmap {
  domain: string;
  /** "" is the catch-all `@domain`. */
  localPart: string;
  target: VirtmapTarget;
}

export interface MailSnapshot {
  /** The format of this object, for files: always 1 for now. */
  version: 1;
  host: { name: string; flavor: Flavor };
  /** The local domains (the host's enabled domains). */
  domains: string[];
  accounts: SnapshotAccount[];
  aliases: SnapshotAlias[];
  virtmaps: SnapshotVirtmap[];
}
