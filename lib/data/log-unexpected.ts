import './server-only';
import { inspect } from 'node:util';
import { redactSecrets } from '../crypto/redact-secrets';

// The one way to log an error nobody expected (a form action's, Auth.js's, a best-effort step's): the full
// error with its stack and causes, as console.error would print it, but with secrets redacted
// (lib/crypto/redact-secrets.ts). The panel's secrets are known here by value, from the environment.

export function logUnexpected(label: string, error: unknown, level: 'error' | 'warn' = 'error'): void {
  const text = typeof error === 'string' ? error : inspect(error, { depth: 6 });
  const known = [process.env.AUTH_SECRET, process.env.NEXTAUTH_SECRET, process.env.MAILPANEL_SECRET_KEY];
  console[level](label, redactSecrets(text, known));
}
