// What an existing sendmail host holds, read from its own files the way sendmail reads them
// (lib/mailmaps/legacy-read.ts) before the panel decides what of it to create (the import plan). Plain
// values only: every entry carries the file and line it came from, so the dry run and the report can name
// them, and nothing the panel does not model is "repaired" on the way in: it is a KeptOut line.

/** The host's files under their usual names; each is optional. */
export interface LegacyFiles {
  virtusertable?: string;
  aliases?: string;
  'local-host-names'?: string;
  /** Red Hat's older name for local-host-names (`Fw/etc/mail/sendmail.cw`). */
  'sendmail.cw'?: string;
  passwd?: string;
  shadow?: string;
}

export type LegacyFileName = keyof LegacyFiles;

/**
 * Reads a file that an `:include:` target names, by its absolute path as written (the caller maps it under
 * `--root`). `undefined`: the file does not exist (the alias entry is kept out).
 */
export type ReadInclude = (absolutePath: string) => string | undefined;

/** Where something came from: 1-based lines; `lineEnd` for an entry that spans continuation lines. */
export interface SourceLine {
  /** A LegacyFileName, or the absolute path of an `:include:` file. */
  file: string;
  line: number;
  lineEnd?: number;
}

/** A line (or entry) the panel does not take, with why. Never silently dropped: the report lists each. */
export interface KeptOut extends SourceLine {
  /** The key as written (`joe@example.com`, `@example.com`, an alias name, a user name), or "" for none. */
  key: string;
  /** One sentence a person reads, e.g. 'Program target "|/usr/bin/procmail" is not modelled by the panel.' */
  reason: string;
}

/**
 * One target as sendmail understands it, classified. Substitutions (%1 %2 %3) appear only in virtusertable
 * targets, where sendmail expands them (DOMAIN.md, precedence rows 5 and 6).
 */
export type LegacyTarget =
  /** A local name (an alias or a Unix account), lower-cased as sendmail looks it up; maybe with `+detail`. */
  | { kind: 'name'; name: string }
  /** `\name`: the account itself, no further aliasing. */
  | { kind: 'account'; name: string }
  /** `local@domain`, the domain lower-cased, the local part as written (maybe with `+detail`). */
  | { kind: 'address'; address: string }
  /** A virtusertable target with %1, %2 or %3 in it, as written (e.g. `%1@other.example`, `%1%3@x.example`, `joe+%2`). */
  | { kind: 'template'; value: string }
  /** `/dev/null`: accepted and thrown away. */
  | { kind: 'discard' }
  /**
   * virtusertable `error:CODE TEXT`: `code` as written after "error:" and lower-cased — a sysexits keyword
   * (`nouser`, `nohost`, `tempfail`, `unavailable`, …) or `d.d.d:ddd` (DSN status and SMTP reply).
   */
  | { kind: 'reject'; code: string; text: string };

/** One virtusertable key with its target. */
export interface LegacyVirtmap extends SourceLine {
  /** The domain, lower-cased A-label as written (no trailing dot). */
  domain: string;
  /** Lower-cased; "" for the catch-all `@domain`; may be `user+*`, `user++`, `+*`, `++`. */
  localPart: string;
  target: LegacyTarget;
}

/** One alias entry (its continuation lines joined), with `:include:` members inlined as targets. */
export interface LegacyAlias extends SourceLine {
  /** Lower-cased. */
  name: string;
  targets: LegacyTarget[];
}

/** A Unix account from passwd, with its password field from shadow (or from passwd on pre-shadow hosts). */
export interface LegacyUser extends SourceLine {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  /** The password field as written (`$6$…`, `!`, `*`, `!!`, "", a DES hash, `!$6$…` …); see lib/auth/legacy-hash.ts. */
  passwordField: string;
  /** Where `passwordField` came from: "shadow", or "passwd" on a host without shadow (or a user shadow lacks). */
  passwordFrom: 'shadow' | 'passwd';
}

/** Everything read from one host's files. Lists are in file order, duplicates already resolved as sendmail does. */
export interface LegacyHost {
  /** Class w from local-host-names and/or sendmail.cw: lower-cased, trailing dot removed, de-duplicated. */
  domains: string[];
  virtmaps: LegacyVirtmap[];
  aliases: LegacyAlias[];
  users: LegacyUser[];
  keptOut: KeptOut[];
}
