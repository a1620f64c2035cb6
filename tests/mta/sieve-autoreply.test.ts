// The autoreply script's own RFC 3834 guards and date bounds, on the real Sieve interpreter and without
// Pigeonhole's vacation checks: `sieve-test` runs a rendered script against a message and prints the
// actions it would take without executing them (so Pigeonhole's own refusals of lists and bulk mail,
// applied when the reply is sent, play no part here). The end-to-end tests (tests/sync/autoreply-*.ts)
// show the two together. sieve-test refuses an empty envelope sender (-f ""), so the null-sender guard is
// shown end to end only. sieve-test runs as nobody: as root it wants a mail_uid to drop to.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotAutoreply } from '../../lib/mail/snapshot';
import { renderAutoreplyScript } from '../../lib/mailmaps/sieve';

const run = promisify(execFile);
const NOBODY = 65534;
const AWAY: SnapshotAutoreply = { subject: 'Away "now" ${x}', text: 'Back on Monday.\n.\nJoe', days: 3 };
let dir = '';
let case_ = 0;

beforeAll(async () => {
  if (!existsSync('/usr/bin/sieve-test')) throw new Error('sieve-test is missing: run `bash tests/mta/install-dovecot.sh` as root first');
  await mkdir(path.resolve('.data'), { recursive: true });
  dir = await mkdtemp(path.resolve('.data', 'sieve-autoreply-'));
  await chmod(dir, 0o755);
  await chown(dir, NOBODY, NOBODY); // sieve-test saves the compiled script beside it
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The actions sieve-test prints for this autoreply and a message to joe with these extra headers. */
async function actions(autoreply: SnapshotAutoreply, headers: string[]): Promise<string> {
  const n = ++case_;
  const script = path.join(dir, `case-${n}.sieve`);
  const message = path.join(dir, `case-${n}.eml`);
  await writeFile(script, renderAutoreplyScript(autoreply, { from: 'joe@sub.example', addresses: ['joe@sub.example'] }));
  await writeFile(message, ['From: ann@outside.example', 'To: joe@sub.example', 'Subject: hello', ...headers, '', 'Hi.', ''].join('\n'));
  const argv = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', 'env', `HOME=${dir}`, '/usr/bin/sieve-test'];
  const { stdout } = await run('setpriv', [...argv, '-f', 'ann@outside.example', '-a', 'joe@sub.example', script, message]);
  return stdout;
}

// currentdate reads the local clock and time zone (of the host; here of this machine), not UTC
const now = new Date();
const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
const REPLY = /\* send vacation message:/;

describe('the autoreply script in sieve-test', () => {
  it('replies to a plain message with the typed subject, From and text', async () => {
    const out = await actions(AWAY, []);
    expect(out).toMatch(REPLY);
    expect(out).toContain('=> seconds : 259200');
    expect(out).toContain(`=> subject : ${AWAY.subject}`);
    expect(out).toContain('=> from    : joe@sub.example');
    // the text as typed, its lines ending in CRLF (sieveString), between sieve-test's own LF lines
    expect(out).toContain(`START MESSAGE\n${AWAY.text.replace(/\n/g, '\r\n')}\nEND MESSAGE`);
  });

  it.each([
    ['Auto-Submitted: auto-generated', false],
    ['Auto-Submitted: auto-replied', false],
    ['AUTO-SUBMITTED: Auto-Notified', false],
    ['Auto-Submitted: no', true],
    ['Precedence: bulk', false],
    ['Precedence: LIST', false],
    ['Precedence: junk', false],
    ['Precedence: first-class', true],
    ['List-Id: <news.outside.example>', false],
    ['List-Unsubscribe: <mailto:leave@outside.example>', false],
    ['List-Post: <mailto:news@outside.example>', false],
  ])('%s → replies: %s', async (headerLine, replies) => {
    expect(await actions(AWAY, [headerLine])).toMatch(replies ? REPLY : /Performed actions:\s+\(none\)/);
  });

  it.each([
    ['ended', { startsOn: '2020-01-01', endsOn: '2020-01-31' }, false],
    ['not started', { startsOn: '2999-01-01' }, false],
    ['starts today', { startsOn: today }, true],
    ['ends today', { endsOn: today }, true],
    ['only today', { startsOn: today, endsOn: today }, true],
  ])('dates: %s → replies: %s', async (_what, bounds, replies) => {
    expect(await actions({ ...AWAY, ...bounds }, [])).toMatch(replies ? REPLY : /Performed actions:\s+\(none\)/);
  });
});
