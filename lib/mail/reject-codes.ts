import { accept, reject, type Checked } from './checked';

// How a rejection answers: one of the three the form offers by name, or any other status and reply
// code written as sendmail writes it after "error:" (`5.7.1:550`: the DSN status, then the SMTP reply).
// Measured on sendmail 8.17 (RCPT reply and `sendmail -bv`, tests/mta/reject-codes.test.ts) and on
// Postfix (access map verdicts, the same test):
//  - `error:D.D.D:NNN TEXT` answers `NNN D.D.D TEXT` at RCPT for any 4xx or 5xx (550 5.7.25, 452 4.4.7,
//    599 5.7.1 …), the status as written (`5.07.1` stays `5.07.1`: no leading zeros here, one spelling);
//    a 2xx code is not a rejection (`error:2.1.5:250` answers 250: the mail is taken and lost);
//  - a status whose class is not the reply's (`5.7.1:450`) answers as written at RCPT but is deferred as
//    a 4xx after it on sendmail: refused, so a rejection is permanent or temporary through and through;
//  - 421 closes the connection (sendmail; Postfix's access map closes it on 421 and 521): refused, it
//    would refuse every other recipient of the message too;
//  - the sysexits keywords answer 553 5.3.0 at RCPT and `-bv` shows the text alone, exactly as
//    `error:nouser` and `error:5.3.0:553` do, except `error:tempfail`, which is then deferred after RCPT
//    (an alias reaching it): an import writes `nouser` for the others and keeps `tempfail` out.

/** sendmail's sysexits names, which the error mailer takes as its host part. */
export const ERROR_KEYWORDS: ReadonlySet<string> = new Set([
  'usage',
  'dataerr',
  'noinput',
  'nouser',
  'nohost',
  'unavailable',
  'software',
  'oserr',
  'osfile',
  'cantcreat',
  'ioerr',
  'tempfail',
  'protocol',
  'noperm',
  'config',
]);

/** The three rejections the form offers by name. */
export type NamedRejectCode = 'nouser' | 'unknown' | 'tempfail';

/** Any other rejection: `D.D.D:NNN`, the DSN status and the SMTP reply code (e.g. "5.7.1:550"). */
export type StatusRejectCode = `${number}.${number}.${number}:${number}`;

export type RejectCode = NamedRejectCode | StatusRejectCode;

/** Each name's reply and status, and what sendmail reads after "error:" for it. */
const NAMED: Readonly<Record<NamedRejectCode, { code: number; status: string; written: string }>> = {
  nouser: { code: 553, status: '5.3.0', written: 'nouser' },
  unknown: { code: 550, status: '5.1.1', written: '5.1.1:550' },
  tempfail: { code: 450, status: '4.2.1', written: '4.2.1:450' },
};

/**
 * Codes a name stands for: one rejection, one spelling. `5.3.0:553` answers exactly as `error:nouser`
 * (RCPT and -bv, measured).
 */
const SPELLED_BY_NAME: Readonly<Record<string, NamedRejectCode>> = {
  '5.1.1:550': 'unknown',
  '4.2.1:450': 'tempfail',
  '5.3.0:553': 'nouser',
};

const STATUS_CODE = /^([45])\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2}):([45])(\d\d)$/;

export function isNamedRejectCode(code: string): code is NamedRejectCode {
  return Object.hasOwn(NAMED, code);
}

/**
 * Reads a rejection code as typed or stored: a name the form offers, or `D.D.D:NNN`. A status that one
 * of the names means (`5.1.1:550`, `4.2.1:450`) becomes that name, so one rejection has one spelling.
 */
export function parseRejectCode(typed: string): Checked<RejectCode> {
  const text = typed.trim().toLowerCase();
  if (isNamedRejectCode(text)) return accept(text);
  const m = STATUS_CODE.exec(text);
  if (!m) {
    return reject(
      'A rejection code is written as status and reply, such as "5.7.1:550" (a 5 for a permanent rejection, a 4 for "try again later"; no leading zeros).',
    );
  }
  const [, statusClass, subject, detail, replyClass, rest] = m;
  if (statusClass !== replyClass) return reject('The status and the reply code must be of the same class: both 4 or both 5.');
  const reply = `${replyClass}${rest}`;
  if (reply === '421' || reply === '521')
    return reject(`${reply} closes the whole connection, not one address: choose another reply code.`);
  const code = `${statusClass}.${subject}.${detail}:${reply}` as StatusRejectCode;
  return accept(SPELLED_BY_NAME[code] ?? code);
}

/** The SMTP reply code and DSN status a rejection answers. */
export function rejectStatus(code: RejectCode): { code: number; status: string } {
  if (isNamedRejectCode(code)) return { code: NAMED[code].code, status: NAMED[code].status };
  const [status = '', reply = ''] = code.split(':');
  return { code: Number(reply), status };
}

/** A temporary rejection (4xx): senders try again, and mail reached after RCPT is deferred. */
export function isTemporaryReject(code: RejectCode): boolean {
  return rejectStatus(code).code < 500;
}

/** What follows "error:" in virtusertable's words: `nouser`, `5.1.1:550`, `5.7.1:550`. */
export function sendmailErrorCode(code: RejectCode): string {
  return isNamedRejectCode(code) ? NAMED[code].written : code;
}

/**
 * What follows "error:" in a virtusertable line, read back: `nouser` or `D.D.D:NNN`. Not the other names
 * (`error:tempfail` is a sysexits keyword to sendmail, answering 553 5.3.0, not the form's "tempfail").
 */
export function parseSendmailErrorCode(text: string): Checked<RejectCode> {
  const lower = text.toLowerCase();
  if (lower === 'nouser') return accept('nouser');
  return /^[0-9.:]+$/.test(lower) ? parseRejectCode(lower) : reject(`"${text}" is not a rejection code.`);
}

/** Whether a value is a rejection code as stored (already normalised). */
export function isRejectCode(code: string): code is RejectCode {
  const parsed = parseRejectCode(code);
  return parsed.ok && parsed.value === code;
}
