import { createHmac } from 'node:crypto';

// A confirmation is only good for exactly what was previewed: the form carries back a token of the
// parsed input it was shown for, and a submit whose input differs (the user edited after the preview)
// is previewed again instead of saved. HMAC with the server's secret, since the input may hold a password.

export function confirmationToken(input: unknown): string {
  const secret = process.env.AUTH_SECRET ?? 'mailpanel-dev-secret';
  return createHmac('sha256', secret).update(JSON.stringify(input)).digest('base64url');
}

export function isConfirmed(formData: FormData, input: unknown): boolean {
  const sent = formData.get('confirmed');
  return typeof sent === 'string' && sent === confirmationToken(input);
}
