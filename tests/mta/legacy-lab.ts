// A legacy sendmail host on real sendmail 8.17, for the import's round trip: the host's OWN files loaded as
// its admin did (`makemap hash virtusertable < virtusertable`, newaliases), its Unix users in the lab's
// /etc/passwd (sendmail's local mailer delivers to any of them), its :include: lists at their absolute paths
// (a copy of /etc/mail with them bound over it, inside the lab's private mount namespace only). The lab's .mc is the panel's with
// an empty accounts map, which leaves a classic host: class w, virtusertable, aliases, then Unix users.
// And each address's answer in words both hosts can be compared in (`answersOf`).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SmtpReply } from '@/lib/mail/trace-types';
import type { LegacyHostSet } from '../support/legacy-hosts';
import { SendmailLab } from './sendmail-lab';

export async function startOriginalLab(set: LegacyHostSet): Promise<SendmailLab> {
  const lab = await SendmailLab.start({ hostName: 'old.mailpanel.test' });
  const f = set.files;
  const users = (f.passwd ?? '').split('\n').filter((line) => /^[a-z0-9_.-]+:[^:]*:\d+:\d+:/.test(line));
  const passwdFile = path.join(lab.dir, 'etc/passwd');
  const have = new Set((await readFile(passwdFile, 'utf8')).split('\n').map((line) => line.split(':')[0]));
  // The host's users, without their password fields (sendmail needs none); the lab's own lines stay.
  const added = users.filter((line) => !have.has(line.split(':')[0])).map((line) => line.replace(/^([^:]+):[^:]*:/, '$1:x:'));
  await writeFile(passwdFile, `${(await readFile(passwdFile, 'utf8')).trimEnd()}\n${added.join('\n')}\n`);
  if (Object.keys(set.includes).length > 0) {
    const etcMail = path.join(lab.dir, 'etc-mail');
    for (const [file, text] of Object.entries(set.includes)) {
      if (!file.startsWith('/etc/mail/')) throw new Error(`the lab mounts includes under /etc/mail only, not ${file}`);
      const at = path.join(etcMail, file.slice('/etc/mail/'.length));
      await mkdir(path.dirname(at), { recursive: true });
      await writeFile(at, text);
    }
    // A copy of the machine's /etc/mail under the lists (makemap reads /etc/mail/sendmail.cf), bound over it.
    await lab.inside(['/bin/sh', '-c', 'cp -a /etc/mail/. "$1"/ 2>/dev/null; mount --bind "$1" /etc/mail', 'sh', etcMail]);
  }
  const files: Record<string, string> = {
    'local-host-names': `${f['local-host-names'] ?? ''}${f['sendmail.cw'] ?? ''}`,
    virtusertable: f.virtusertable ?? '',
    aliases: f.aliases ?? '',
    accounts: '',
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(lab.mapDir, name), text);
  // As the host's admin ran them: makemap exits 65 on a duplicate key or a bad line, and still writes the map.
  await lab.inside([
    '/bin/sh',
    '-c',
    'cd "$1"; makemap hash virtusertable < virtusertable 2>/dev/null; makemap hash accounts < accounts; sendmail -C "$2" -bi >/dev/null 2>&1; true',
    'sh',
    lab.mapDir,
    lab.cf,
  ]);
  return lab;
}

/** One address's answer: the RCPT reply and where `-bv` says it goes, as sorted words. */
export interface Answer {
  rcpt: string;
  deliveries: string[];
}

/**
 * Asks `lab` about each address. `mailboxOf` turns a delivery into the mailbox it reaches: a Unix user
 * of the old host (mailer local) or an account of the panel (mailer mailpanel, by its host-level name);
 * anything else delivered locally is the host's own (root, postmaster…).
 */
export async function answersOf(
  lab: SendmailLab,
  addresses: readonly string[],
  mailboxOf: (mailer: string, user: string) => string | undefined,
) {
  const replies = await lab.rcpt(addresses);
  const accepted = addresses.filter((_, i) => ok(replies[i]));
  const verified = new Map((await lab.verify(accepted)).map((o) => [o.address, o.lines]));
  const out = new Map<string, Answer>();
  addresses.forEach((address, i) => {
    const reply = replies[i]!;
    const rcpt = ok(reply) ? 'accepted' : `refused ${reply.code} ${reply.status} ${reply.text}`;
    const lines = verified.get(address) ?? [];
    out.set(address, { rcpt, deliveries: [...new Set(lines.map((line) => delivery(line, mailboxOf)))].sort() });
  });
  return out;
}

const ok = (reply: SmtpReply | undefined) => reply !== undefined && reply.code >= 200 && reply.code < 300;

function delivery(printed: string, mailboxOf: (mailer: string, user: string) => string | undefined): string {
  // A target from a CRLF aliases file keeps its CR in -bv's echo of it ("partner@x<CR>... deliverable"):
  // it routes as without (measured), so it is compared without.
  const line = printed.replace(/\r/g, '');
  const match = /^(.*?)\.\.\. (.*)$/.exec(line);
  if (!match) return `other ${line}`;
  const deliverable = /^deliverable: mailer (\S+), (?:host (\S+), )?user (.+)$/.exec(match[2] ?? '');
  if (!deliverable) return `bounce ${match[2]}`;
  const [, mailer = '', , user = ''] = deliverable;
  if (mailer === 'local' || mailer === 'mailpanel') {
    // The mailbox, without a +detail (local delivery keeps it as a folder hint; the mailbox is the same).
    const bare = user.replace(/^\\/, '').replace(/\+.*$/, '').toLowerCase();
    const mailbox = mailboxOf(mailer, bare);
    return mailbox ? `mailbox ${mailbox}` : `host ${bare}`;
  }
  if (mailer === 'esmtp' || mailer === 'smtp' || mailer === 'relay') {
    const at = user.lastIndexOf('@');
    return `external ${user.slice(0, at)}@${user.slice(at + 1).toLowerCase()}`;
  }
  if (mailer === '*file*') return user === '/dev/null' ? 'discard' : `file ${user}`;
  return `${mailer} ${user}`;
}
