import { z } from 'zod';
import { autoreplyProblems, DEFAULT_AUTOREPLY_DAYS } from '../mail/autoreply';
import { MAX_MAILBOX_PASSWORD_LENGTH } from '../mail/mailbox-password';
import { normalizeExternalAddress } from '../mail/targets';
import { checkbox } from './fields';

// The forms of /postoffice and of the account page's "forward" and "autoreply" sections: one schema each,
// shared by the actions and the data layer. The rules that need the account (password strength against its
// address and name, loops, rejected targets) are the data layer's (lib/data/postoffice.ts).

/** The most forward addresses one mailbox may have: a forward is for a person, not a mailing list. */
export const MAX_FORWARD_ADDRESSES = 20;

export const MailboxLoginForm = z.object({
  address: z.string().trim().toLowerCase().min(1, 'Enter your email address.').max(254, 'That address is too long.'),
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
});
export type MailboxLoginForm = z.infer<typeof MailboxLoginForm>;

export const PasswordChangeForm = z
  .object({
    oldPassword: z.string().min(1, 'Enter your current password.').max(1024, 'That password is too long.'),
    newPassword: z.string().max(MAX_MAILBOX_PASSWORD_LENGTH, `Use at most ${MAX_MAILBOX_PASSWORD_LENGTH} characters.`),
    repeatPassword: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.newPassword !== v.repeatPassword)
      ctx.addIssue({ code: 'custom', path: ['repeatPassword'], message: 'The two new passwords are not the same.' });
  })
  .transform(({ oldPassword, newPassword }) => ({ oldPassword, newPassword }));
export type PasswordChangeForm = z.infer<typeof PasswordChangeForm>;

/** Addresses as typed: one per line, or separated by commas or spaces. */
const addressList = z.string().transform((typed, ctx) => {
  const parts = typed
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'Enter at least one address to forward to.' });
    return z.NEVER;
  }
  if (parts.length > MAX_FORWARD_ADDRESSES) {
    ctx.addIssue({ code: 'custom', message: `Forward to at most ${MAX_FORWARD_ADDRESSES} addresses (you gave ${parts.length}).` });
    return z.NEVER;
  }
  const addresses: string[] = [];
  for (const part of parts) {
    const checked = normalizeExternalAddress(part);
    if (!checked.ok) {
      ctx.addIssue({ code: 'custom', message: `${part.slice(0, 80)}: ${checked.problems.join(' ')}` });
      continue;
    }
    if (!addresses.includes(checked.value)) addresses.push(checked.value);
  }
  return addresses;
});

export const ForwardForm = z.object({
  addresses: addressList,
  keepCopy: checkbox,
});
export type ForwardForm = z.infer<typeof ForwardForm>;

const optionalDay = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().optional());

export const AutoreplyForm = z
  .object({
    subject: z.string(),
    // Browsers send a textarea's line breaks as CRLF: the stored text ends its lines in LF.
    text: z.string().transform((t) => t.replace(/\r\n/g, '\n')),
    startsOn: optionalDay,
    endsOn: optionalDay,
    days: z.preprocess((v) => (v === '' || v === undefined ? DEFAULT_AUTOREPLY_DAYS : Number(v)), z.number()),
  })
  .superRefine((a, ctx) => {
    for (const p of autoreplyProblems(a)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  })
  .transform((a) => ({ subject: a.subject, text: a.text, startsOn: a.startsOn ?? null, endsOn: a.endsOn ?? null, days: a.days }));
export type AutoreplyForm = z.infer<typeof AutoreplyForm>;
