// What the write-time checks report. An error refuses the change; a warning needs the user's explicit
// confirmation (its `code` is what the form sends back to confirm it).

export type ErrorCode =
  /** A name, key, target or domain that the validation rules refuse. */
  | 'invalidValue'
  /** A virtmap on a domain the host does not hold (DOMAIN.md, Postfix difference 2). */
  | 'unknownDomain'
  | 'duplicateName'
  | 'duplicateKey'
  | 'noTargets'
  | 'duplicateTarget'
  /** A local target that names neither an account nor an alias, or `\name` without an account. */
  | 'missingTarget'
  /** `x: x` without an account x: the copy would bounce. */
  | 'selfReferenceWithoutAccount'
  /** DOMAIN.md row 8: accepted at RCPT, bounces later. */
  | 'aliasLoop'
  /** DOMAIN.md row 9. */
  | 'virtmapLoop'
  /** An alias or virtmap whose target leads to a rejection, an unknown name or a loop further on. */
  | 'deadEnd';

export type WarningCode =
  /** An alias with an account's name: mail goes to the alias (DOMAIN.md row 1). */
  | 'shadowsAccount'
  /** A catch-all that takes mail from accounts without a virtmap of their own (DOMAIN.md row 2). */
  | 'catchAllTakesAccounts';

export type Finding =
  | { severity: 'error'; code: ErrorCode; message: string; subjects: string[] }
  | { severity: 'warning'; code: WarningCode; message: string; subjects: string[] };

export type ErrorFinding = Extract<Finding, { severity: 'error' }>;
export type WarningFinding = Extract<Finding, { severity: 'warning' }>;

export const error = (code: ErrorCode, message: string, subjects: string[] = []): ErrorFinding => ({
  severity: 'error',
  code,
  message,
  subjects,
});
export const warning = (code: WarningCode, message: string, subjects: string[] = []): WarningFinding => ({
  severity: 'warning',
  code,
  message,
  subjects,
});
