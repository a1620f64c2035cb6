// End to end through the panel's sendmail configuration into the mailbox Dovecot serves: messages
// submitted by SMTP to a private sendmail (tests/mta/sendmail-lab.ts, the .mc's default LMTP delivery)
// arrive in a private Dovecot (tests/mta/dovecot-instance.ts) and are fetched over POP3 with the
// account's password; a rejection is refused at RCPT. Needs sendmail and Dovecot installed
// (`bash tests/mta/install-sendmail.sh`, `bash tests/mta/install-dovecot.sh`); nothing is skipped.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { renderDovecotPasswd } from '@/lib/mailmaps/dovecot';
import { RANDOM_SNAPSHOT_PASSWORD } from '../support/random-snapshot';
import { Pop3Client } from './dovecot-clients';
import { type DovecotInstance, MAIL_GID, MAIL_UID, startDovecot } from './dovecot-instance';
import { SendmailLab } from './sendmail-lab';

// The hash of RANDOM_SNAPSHOT_PASSWORD (tests/support/random-snapshot.ts), made with doveadm pw.
const HASH = '{SHA512-CRYPT}$6$8lXvE7GMCxwnJjo8$Nn1RoX.8jwPtA6S64JnNfYTOfdDdtlcJdGoI0QrZXt4c1QpIe5.Gb29kANE7YPgDfRYN2DAmCpjYsVeNA3UIC1';

const SNAPSHOT: MailSnapshot = {
  version: 1,
  host: { name: 'mail.mailpanel.test', flavor: 'sendmail' },
  domains: ['example.com'],
  accounts: [
    { name: 'joe', passwordHash: HASH, quotaMb: 10 },
    { name: 'jane', passwordHash: HASH, quotaMb: 10 },
  ],
  aliases: [
    {
      name: 'team',
      targets: [
        { kind: 'local', name: 'joe' },
        { kind: 'account', name: 'jane' },
      ],
    },
  ],
  virtmaps: [
    { domain: 'example.com', localPart: 'joe', target: { kind: 'local', name: 'joe' } },
    { domain: 'example.com', localPart: '', target: { kind: 'local', name: 'jane' } },
    { domain: 'example.com', localPart: 'old', target: { kind: 'reject', code: 'nouser', text: 'This address is no longer in use' } },
  ],
};

let dovecot: DovecotInstance | undefined;
let lab: SendmailLab | undefined;

beforeAll(async () => {
  dovecot = await startDovecot('');
  dovecot.publishPasswd(renderDovecotPasswd(SNAPSHOT, { uid: MAIL_UID, gid: MAIL_GID, homeBase: dovecot.homeBase }));
  lab = await SendmailLab.start({ mailbox: { kind: 'lmtp', socket: dovecot.lmtpSocket } });
  await lab.publish(SNAPSHOT);
}, 60_000);

afterAll(async () => {
  await lab?.close();
  await dovecot?.stop();
});

async function subjects(account: string): Promise<string[]> {
  if (!dovecot) throw new Error('Dovecot did not start');
  const { client } = await Pop3Client.connect(dovecot.pop3Port);
  try {
    expect(await client.command(`USER ${account}`)).toMatch(/^\+OK/);
    expect(await client.command(`PASS ${RANDOM_SNAPSHOT_PASSWORD}`)).toMatch(/^\+OK/);
    const list = await client.multiline('LIST');
    const found: string[] = [];
    for (const line of list.lines) {
      const message = await client.multiline(`RETR ${line.split(' ')[0]}`);
      found.push(message.lines.find((l) => l.startsWith('Subject: '))?.slice(9) ?? '');
    }
    return found.sort();
  } finally {
    await client.quit();
  }
}

it('delivers an account address, a catch-all and an alias into the POP3 mailboxes', async () => {
  if (!lab) throw new Error('the sendmail lab did not start');
  // What the mailboxes held before (the other test delivers to joe too).
  const joe = await subjects('joe');
  const jane = await subjects('jane');
  const sent = [
    await lab.send('tester@mail.mailpanel.test', ['joe@example.com'], 'Subject: to joe\n\nHello joe.\n.a line that starts with a dot\n'),
    await lab.send('tester@mail.mailpanel.test', ['nobody-here@example.com'], 'Subject: to the catch-all\n\nHello.\n'),
    await lab.send('tester@mail.mailpanel.test', ['joe+news@example.com'], 'Subject: to joe with a detail\n\nHello.\n'),
    await lab.send('tester@mail.mailpanel.test', ['team@mail.mailpanel.test'], 'Subject: to the team alias\n\nHello.\n'),
  ];
  for (const { rcpt, data } of sent) {
    expect(rcpt.map((r) => r.code)).toEqual([250]);
    expect(data.code).toBe(250);
  }
  // joe+news@ has no key of its own: joe@example.com matches and the detail is dropped (DOMAIN.md row 5).
  expect(await subjects('joe')).toEqual([...joe, 'to joe', 'to joe with a detail', 'to the team alias'].sort());
  expect(await subjects('jane')).toEqual([...jane, 'to the catch-all', 'to the team alias'].sort());
});

it('refuses a rejected address at RCPT, before any data', async () => {
  if (!lab) throw new Error('the sendmail lab did not start');
  const { rcpt } = await lab.send('tester@mail.mailpanel.test', ['old@example.com', 'joe@example.com'], 'Subject: half\n\nHello.\n');
  expect(rcpt.map((r) => `${r.code} ${r.status} ${r.text}`)).toEqual([
    '553 5.3.0 This address is no longer in use',
    '250 2.1.5 Recipient ok',
  ]);
});
