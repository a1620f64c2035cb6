import type { z } from 'zod';

// The one result shape of every form action (STYLE.md): the form re-renders from it, keeping what the
// user typed (values) and pointing each field at its errors.
export interface FormState {
  /** 'confirm': valid, but the user must review `warnings` and `changes` and submit again to save. */
  status: 'idle' | 'ok' | 'error' | 'confirm';
  warnings?: string[];
  /** With 'confirm': sent back as `confirmed` to save exactly what was previewed. */
  confirmToken?: string;
  changes?: { address: string; before: string; after: string }[];
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string | string[]>;
}

export const idle: FormState = { status: 'idle' };

/**
 * The form's fields as plain values. Fields named in `lists` (checkbox groups, multi-selects) become
 * arrays. Secrets are dropped before anything is shown again (withoutSecrets).
 */
export function formValues(formData: FormData, lists: readonly string[] = []): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string');
    values[key] = lists.includes(key) ? all : (all[0] ?? '');
  }
  for (const key of lists) values[key] ??= [];
  return values;
}

/** Fields never shown again: passwords (the postoffice's password change has three) and pasted private keys. */
const SECRET_FIELDS = new Set(['password', 'oldPassword', 'newPassword', 'repeatPassword', 'sshPrivateKey']);

/**
 * What may be shown again in a form: never a password, never a pasted private key, never an uploaded file
 * (`file_…`: a host's shadow file holds password hashes, and a browser cannot refill a file input anyway).
 */
export function withoutSecrets(values: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_FIELDS.has(key) && !key.startsWith('file_')));
}

export function invalid(error: z.ZodError, values: Record<string, string | string[]>): FormState {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors, values: withoutSecrets(values) };
}
