import { accept, reject, type Checked } from '../mail/checked';

// What `doveadm quota get -u USER` prints (Dovecot 2.3.19, the `count` quota of dovecot-conf.ts), read
// back into numbers. Measured (docs/dovecot.md, "Reading a mailbox's usage"): a header, then one row per
// quota root and type, columns padded with spaces; the root's name ("User quota") holds a space itself,
// so a row is read from the right. `-f tab` gives the same columns separated by tabs; both are read.
//
//   Quota name Type    Value Limit                         %
//   User quota STORAGE     3 51200                         0
//   User quota MESSAGE     1     -                         0
//
// STORAGE counts KiB (with quota_vsizes = yes: the messages' sizes with CRLF line ends), MESSAGE counts
// messages; a limit "-" means none. Several roots: the first one is the mailbox's (the panel writes one).

export interface QuotaReport {
  usedKb: number;
  /** null: no storage limit ("-"). */
  limitKb: number | null;
  messages: number;
  /** null: no message limit (the panel sets none). */
  messageLimit: number | null;
}

const HEADER = /^Quota name\s+Type\s+Value\s+Limit\s+%\s*$/;
const COUNT = /^\d{1,18}$/;

interface Row {
  root: string;
  type: string;
  value: string;
  limit: string;
}

/** The first quota root's STORAGE and MESSAGE rows, or why the text is not `doveadm quota get` output. */
export function parseQuotaGet(text: string): Checked<QuotaReport> {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const header = lines.findIndex((l) => l.trim() !== '');
  if (header < 0 || !HEADER.test(lines[header] ?? '')) return reject('doveadm printed no quota table.');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '') continue;
    const row = splitRow(line);
    if (!row) return reject(`doveadm printed a row that is not a quota: ${JSON.stringify(line.slice(0, 200))}`);
    rows.push(row);
  }
  const root = rows[0]?.root;
  if (root === undefined) return reject('doveadm printed no quota: the quota plugin is not enabled for this user.');
  const storage = rows.find((r) => r.root === root && r.type === 'STORAGE');
  const messages = rows.find((r) => r.root === root && r.type === 'MESSAGE');
  if (!storage || !messages) return reject(`the quota "${root}" lacks its STORAGE or MESSAGE row.`);
  const usedKb = count(storage.value);
  const limitKb = storage.limit === '-' ? null : count(storage.limit);
  const messageCount = count(messages.value);
  const messageLimit = messages.limit === '-' ? null : count(messages.limit);
  if (usedKb === undefined || limitKb === undefined || messageCount === undefined || messageLimit === undefined)
    return reject(`the quota "${root}" holds a value that is not a whole number.`);
  return accept({ usedKb, limitKb, messages: messageCount, messageLimit });
}

/** A row by tabs (`-f tab`), else by whitespace from the right: name…, type, value, limit, percent. */
function splitRow(line: string): Row | null {
  const cells = line.includes('\t') ? line.split('\t').map((c) => c.trim()) : line.trim().split(/\s+/);
  if (cells.length < 5) return null;
  const [type, value, limit] = cells.slice(-4);
  const root = line.includes('\t') ? cells.slice(0, -4).join('\t') : cells.slice(0, -4).join(' ');
  if (type === undefined || value === undefined || limit === undefined || !/^[A-Z]+$/.test(type)) return null;
  return { root, type, value, limit };
}

function count(text: string): number | undefined {
  return COUNT.test(text) ? Number(text) : undefined;
}
