// What an unexpected error carries into a log line is not chosen by anyone: a database error can quote the
// query's values (a password hash, a sealed key), a library can quote its input (a PEM key). So a line about
// an unexpected error is passed through this before it is written. It recognises secrets by their shape,
// and the panel's own secrets by value; the known flows are proven clean by tests/no-secrets-logged.test.ts.

export const REDACTED = '[redacted]';

const SHAPES: readonly RegExp[] = [
  // A PEM private key, whole (or to the end of the text when it was cut off).
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  // Password hashes: argon2 (with Dovecot's {SCHEME} prefix or not), bcrypt, sha-crypt.
  /(?:\{[A-Z0-9.-]+\})?\$argon2(?:id|i|d)\$[^\s"'`]+/g,
  /(?:\{[A-Z0-9.-]+\})?\$(?:2[aby]|5|6)\$[^\s"'`]+/g,
  // A sealed value (lib/crypto/secret-box.ts): worthless without the secret, but not the log's business.
  /\bv1\.[A-Za-z0-9_-]{32,}/g,
  // A TOTP enrolment URI carries the key itself.
  /otpauth:\/\/[^\s"'`]+/g,
];

/** `text` with secret-shaped parts and every one of `known` (e.g. AUTH_SECRET's value) replaced by REDACTED. */
export function redactSecrets(text: string, known: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const value of known) {
    // Short values would redact ordinary words; a configured secret is long.
    if (value && value.length >= 8) out = out.split(value).join(REDACTED);
  }
  for (const shape of SHAPES) out = out.replace(shape, REDACTED);
  return out;
}
