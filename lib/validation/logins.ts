import { z } from 'zod';

// The forms of a panel user's own login ("My account", and choosing a password after a reset). Strength is
// checked beneath, against the login's email and name (lib/auth/login-password.ts, in lib/data/own-password.ts).

const typedPassword = (missing: string) => z.string().min(1, missing).max(1024, 'That password is too long.');

const sameTwice = (v: { newPassword: string; repeatPassword: string }, ctx: z.RefinementCtx) => {
  if (v.newPassword !== v.repeatPassword)
    ctx.addIssue({ code: 'custom', path: ['repeatPassword'], message: 'The two new passwords are not the same.' });
};

export const OwnPasswordForm = z
  .object({
    oldPassword: typedPassword('Enter your current password.'),
    newPassword: typedPassword('Enter a new password.'),
    repeatPassword: z.string(),
  })
  .superRefine(sameTwice)
  .transform(({ oldPassword, newPassword }) => ({ oldPassword, newPassword }));
export type OwnPasswordForm = z.infer<typeof OwnPasswordForm>;

/** After a reset: the session proves the given password, so only the new one, twice. */
export const ChosenPasswordForm = z
  .object({ newPassword: typedPassword('Enter a new password.'), repeatPassword: z.string() })
  .superRefine(sameTwice)
  .transform(({ newPassword }) => ({ newPassword }));
export type ChosenPasswordForm = z.infer<typeof ChosenPasswordForm>;
