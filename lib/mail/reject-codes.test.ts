import { describe, expect, it } from 'vitest';
import { isRejectCode, isTemporaryReject, parseRejectCode, parseSendmailErrorCode, rejectStatus, sendmailErrorCode } from './reject-codes';

describe('parseRejectCode', () => {
  it.each([
    ['nouser', 'nouser'],
    ['5.1.1:550', 'unknown'],
    ['4.2.1:450', 'tempfail'],
    ['5.3.0:553', 'nouser'],
    ['5.7.1:550', '5.7.1:550'],
    [' 5.7.25:550 ', '5.7.25:550'],
    ['4.4.7:452', '4.4.7:452'],
    ['5.7.1:599', '5.7.1:599'],
  ])('%j is %j', (typed, code) => {
    expect(parseRejectCode(typed)).toEqual({ ok: true, value: code });
  });

  it.each([
    ['5.7.1:450', 'same class'],
    ['4.2.1:421', 'closes the whole connection'],
    ['5.2.1:521', 'closes the whole connection'],
    ['2.1.5:250', 'such as "5.7.1:550"'],
    ['5.07.1:550', 'no leading zeros'],
    ['5.7.1', 'such as'],
    ['550', 'such as'],
    ['5.7.1:550 x', 'such as'],
    ['5.1000.1:550', 'such as'],
  ])('refuses %j (%s)', (typed, words) => {
    const parsed = parseRejectCode(typed);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(' ')).toContain(words);
  });
});

describe('a rejection code', () => {
  it('answers its status and reply, and is temporary for a 4xx', () => {
    expect(rejectStatus('nouser')).toEqual({ code: 553, status: '5.3.0' });
    expect(rejectStatus('5.7.25:554')).toEqual({ code: 554, status: '5.7.25' });
    expect(isTemporaryReject('tempfail')).toBe(true);
    expect(isTemporaryReject('4.7.0:451')).toBe(true);
    expect(isTemporaryReject('5.7.1:550')).toBe(false);
  });

  it('is written after error: as sendmail reads it, and read back to the same code', () => {
    for (const code of ['nouser', 'unknown', 'tempfail', '5.7.1:550', '4.7.0:451'] as const) {
      const written = sendmailErrorCode(code);
      expect(parseSendmailErrorCode(written)).toEqual({ ok: true, value: code });
      expect(isRejectCode(code)).toBe(true);
    }
    // The form's names are not sendmail's keywords: error:tempfail answers 553 5.3.0 on sendmail.
    expect(parseSendmailErrorCode('tempfail').ok).toBe(false);
    expect(parseSendmailErrorCode('unknown').ok).toBe(false);
    expect(isRejectCode('5.1.1:550')).toBe(false); // stored as "unknown"
  });
});
