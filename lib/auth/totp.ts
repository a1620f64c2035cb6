import { createHash, randomBytes } from 'node:crypto';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';

// Two-factor sign-in by TOTP (RFC 6238: 30-second steps, 6 digits, SHA-1, what every authenticator app
// speaks), on @oslojs/otp's HOTP. Pure: the caller keeps the key (sealed) and the last accepted step.

export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
/** A code of the step before or after also counts: a phone's clock drifts, and typing takes a while. */
const DRIFT_STEPS = 1;

/** A new 160-bit key (RFC 4226's recommended length), as the base32 text an authenticator app takes. */
export function newTotpKey(): string {
  return encodeBase32UpperCaseNoPadding(randomBytes(20));
}

/** The otpauth:// URI an authenticator app reads (from a QR code or pasted): the panel and the login. */
export function totpUri(key: string, login: string): string {
  return createTOTPKeyURI('mailpanel', login, decodeBase32IgnorePadding(key), TOTP_PERIOD_SECONDS, DIGITS);
}

const stepAt = (now: Date) => BigInt(Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS));

/** The code for `now` (the tests' authenticator). */
export function totpCode(key: string, now = new Date()): string {
  return generateHOTP(decodeBase32IgnorePadding(key), stepAt(now), DIGITS);
}

/**
 * The step whose code `typed` is, if it is a valid code now and of a step later than `lastStep` (a code
 * once accepted is never accepted again, not even within its own 30 seconds); else null.
 */
export function acceptTotp(key: string, typed: string, lastStep: bigint | null, now = new Date()): bigint | null {
  const code = typed.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) return null;
  const bytes = decodeBase32IgnorePadding(key);
  const current = stepAt(now);
  for (let d = -DRIFT_STEPS; d <= DRIFT_STEPS; d++) {
    const step = current + BigInt(d);
    if (lastStep !== null && step <= lastStep) continue;
    if (equalCodes(generateHOTP(bytes, step, DIGITS), code)) return step;
  }
  return null;
}

function equalCodes(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** How many recovery codes an enrolment gives. */
export const RECOVERY_CODES = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: read off paper and typed

/** Ten one-time codes like `k7mq-x2rt-9fhp` (60 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** What is kept of a recovery code: a hash of its characters, whatever case or dashes it is typed with. */
export function recoveryCodeHash(typed: string): string {
  return createHash('sha256')
    .update(typed.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('hex');
}

/** Whether the typed text looks like a recovery code rather than an authenticator's six digits. */
export const looksLikeRecoveryCode = (typed: string) => typed.replace(/[\s-]/g, '').length === 12;
