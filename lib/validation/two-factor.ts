import { z } from 'zod';

// What a user types at the second step of signing in, at enrolment, or to turn two-factor sign-in off:
// the authenticator's six digits, or (at sign-in) one of the recovery codes.

export const SecondFactorInput = z.object({
  code: z
    .string()
    .trim()
    .min(1, { message: 'Enter the code from your authenticator app, or a recovery code.' })
    .max(40, { message: 'That is not a code.' }),
});
export type SecondFactorInput = z.infer<typeof SecondFactorInput>;

export const AuthenticatorCodeInput = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, { message: 'Enter the six digits your authenticator app shows.' })),
});
export type AuthenticatorCodeInput = z.infer<typeof AuthenticatorCodeInput>;
