import { describe, expect, it } from 'vitest';
import { parseQuotaGet } from './dovecot-quota';

// The texts are what Dovecot 2.3.19 printed for the private test instance (docs/dovecot.md).
const HEAD = 'Quota name Type    Value Limit                         %\n';
const measured = (storage: string, limit: string, messages: string) =>
  HEAD +
  `User quota STORAGE ${storage.padStart(5)} ${limit.padStart(5)}                         0\n` +
  `User quota MESSAGE ${messages.padStart(5)}     -                         0\n`;

describe('parseQuotaGet', () => {
  it.each([
    ['an empty mailbox of 50 MiB', measured('0', '51200', '0'), { usedKb: 0, limitKb: 51200, messages: 0, messageLimit: null }],
    ['one message of 3 KiB', measured('3', '51200', '1'), { usedKb: 3, limitKb: 51200, messages: 1, messageLimit: null }],
    ['no storage limit', measured('0', '-', '0'), { usedKb: 0, limitKb: null, messages: 0, messageLimit: null }],
    [
      'the largest quota (10⁹ MiB), columns widened',
      'Quota name Type    Value         Limit                     %\n' +
        'User quota STORAGE     0 1024000000000                     0\n' +
        'User quota MESSAGE     0             -                     0\n',
      { usedKb: 0, limitKb: 1024000000000, messages: 0, messageLimit: null },
    ],
    [
      '-f tab',
      'Quota name\tType\tValue\tLimit\t%\nUser quota\tSTORAGE\t3\t51200\t0\nUser quota\tMESSAGE\t1\t-\t0\n',
      { usedKb: 3, limitKb: 51200, messages: 1, messageLimit: null },
    ],
    [
      'a message limit, CRLF line ends',
      measured('120', '1024', '7').replace('MESSAGE     7     -', 'MESSAGE     7   100').replace(/\n/g, '\r\n'),
      { usedKb: 120, limitKb: 1024, messages: 7, messageLimit: 100 },
    ],
    [
      'two roots: the first counts',
      measured('3', '51200', '1') + 'Shared quota STORAGE 900 1000 90\nShared quota MESSAGE 9 - 0\n',
      { usedKb: 3, limitKb: 51200, messages: 1, messageLimit: null },
    ],
  ])('%s', (_what, text, want) => {
    expect(parseQuotaGet(text)).toEqual({ ok: true, value: want });
  });

  it.each([
    ['nothing', ''],
    ['another command', 'usage: doveadm quota get\n'],
    ["an unknown user's header alone", 'Quota name Type Value Limit                          %\n'],
    ['a row cut short', `${HEAD}User quota STORAGE 3\n`],
    ['no MESSAGE row', `${HEAD}User quota STORAGE 3 51200 0\n`],
    ['a value that is not a number', measured('x', '51200', '1')],
    ['a negative value', measured('-3', '51200', '1')],
    ['a lower-case type', `${HEAD}User quota storage 3 51200 0\nUser quota MESSAGE 1 - 0\n`],
  ])('refuses %s', (_what, text) => {
    expect(parseQuotaGet(text).ok).toBe(false);
  });
});
