'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { signIn } from '@/lib/session/auth';
import { LoginInput } from '@/lib/auth/login-input';
import { formValues, invalid, withoutSecrets, type FormState } from '@/lib/web/form-state';

const REFUSED: Record<string, string> = {
  invalid: 'That email and password do not match an active login.',
  suspended: 'This login is suspended. Contact your provider.',
  throttled: 'Too many failed attempts. Wait 15 minutes and try again.',
};

export async function loginAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = LoginInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    // On success signIn throws Next's redirect, which must propagate: only AuthError is caught.
    await signIn('credentials', { ...parsed.data, redirectTo: '/' });
    return { status: 'ok' };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin ? error.code : 'invalid';
      return { status: 'error', message: REFUSED[code] ?? REFUSED.invalid, values: withoutSecrets(values) };
    }
    throw error;
  }
}
