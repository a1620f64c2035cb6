'use server';

import { signIn } from '@/lib/session/auth';
import { LoginInput } from '@/lib/auth/login-input';
import { runPublicFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { refusedSignIn } from './refused-sign-in';

export async function loginAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runPublicFormAction(formData, {
    schema: LoginInput,
    // Auth.js sets the session cookie; a refusal comes back as the form's message (refused-sign-in.ts).
    run: (input) => signIn('credentials', { ...input, redirect: false }).catch(refusedSignIn),
    done: () => ({ redirect: '/' }),
  });
}
