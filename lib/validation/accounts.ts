import { z } from 'zod';
import { checkMailboxPassword } from '../mail/mailbox-password';
import { isSafeName, MAX_NAME_LENGTH, normalizeAccountName } from '../mail/names';
import { normalizeExternalAddress } from '../mail/targets';
import { checkbox, editVersion, fromRule, id, limit } from './fields';

const mailboxPassword = z.string();

/** The policy needs the account's name too (a password must not contain it). */
function passwordPolicy(v: { name?: string; password?: string }, ctx: z.RefinementCtx) {
  if (v.password === undefined) return;
  const checked = checkMailboxPassword(v.password, v.name);
  if (!checked.ok) for (const message of checked.problems) ctx.addIssue({ code: 'custom', path: ['password'], message });
}

const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), id.optional());

export const AccountInput = z
  .object({
    /** Operators and resellers choose the customer; a customer always creates its own. */
    customerId: optionalId,
    mailHostId: optionalId,
    name: fromRule(normalizeAccountName),
    password: mailboxPassword,
    quotaMb: limit('the quota', 1_000_000).min(1, 'Give the mailbox at least 1 MiB.'),
    /** "Also create the address name@domain": the domain, or empty for no address. */
    addressDomainId: optionalId,
  })
  .superRefine(passwordPolicy);
export type AccountInput = z.infer<typeof AccountInput>;

export const AccountUpdateInput = z
  .object({
    version: editVersion,
    quotaMb: limit('the quota', 1_000_000).min(1, 'Give the mailbox at least 1 MiB.'),
    enabled: checkbox,
    /** Empty keeps the current password. */
    password: z.preprocess((v) => (v === '' ? undefined : v), mailboxPassword.optional()),
    /**
     * The POP/IMAP login (docs/tenancy.md): an address of the customer's that delivers to this account.
     * Absent or empty keeps the current one.
     */
    loginAddress: z.preprocess(
      (v) => (v === '' || v === null ? undefined : v),
      fromRule(normalizeExternalAddress)
        .transform((a) => a.toLowerCase())
        // Dovecot takes a login of a mail name's letters only: no "+" (a detail) or "=" before the "@".
        .refine(
          (a) => isSafeName(a.slice(0, a.lastIndexOf('@')), MAX_NAME_LENGTH),
          'A login may have only letters a-z, digits, ".", "_" and "-" before the "@".',
        )
        .optional(),
    ),
  })
  .superRefine(passwordPolicy); // without the name here: updateAccount checks it against the account's
export type AccountUpdateInput = z.infer<typeof AccountUpdateInput>;
