import type { KeptOut, LegacyUser } from '../mail/legacy-host';
import { BOM, keptOut, numberedLines, shown, trimWs } from './legacy-lines';

// /etc/passwd (`name:x:uid:gid:gecos:home:shell`) and /etc/shadow (`name:hash:…`). Every Unix account
// receives mail on a sendmail host (its local mailer delivers to any passwd name); which of them become
// mailboxes is the import plan's decision. The password field comes from shadow when passwd says "x" (or
// shadow has the user); on a pre-shadow host it is passwd's own second field.

export function readUsers(passwd: string, shadow: string | undefined): { users: LegacyUser[]; keptOut: KeptOut[] } {
  const hashes = new Map<string, string>();
  for (const { text } of numberedLines(shadow ?? '')) {
    const fields = text.replace(BOM, '').split(':');
    if (fields.length >= 2 && fields[0]) hashes.set(fields[0], fields[1] ?? '');
  }
  const users: LegacyUser[] = [];
  const out: KeptOut[] = [];
  const seen = new Set<string>();
  for (const { line, text } of numberedLines(passwd)) {
    if (trimWs(text) === '' || text.startsWith('#')) continue;
    const fields = text.split(':');
    const [name = '', password = '', uid = '', gid = '', , home = '', shell = ''] = fields;
    if (fields.length !== 7 || !/^\d+$/.test(uid) || !/^\d+$/.test(gid) || name === '') {
      out.push(keptOut('passwd', line, shown(name), 'Not a passwd line (name:password:uid:gid:gecos:home:shell).'));
      continue;
    }
    if (name.startsWith(BOM) || name.startsWith('+') || name.startsWith('-')) {
      out.push(keptOut('passwd', line, shown(name), 'A byte-order mark or an NIS "+"/"-" entry: no local account.'));
      continue;
    }
    if (seen.has(name)) {
      out.push(keptOut('passwd', line, name, 'A duplicate user name: the first line is the account.'));
      continue;
    }
    seen.add(name);
    const fromShadow = hashes.get(name);
    const useShadow = fromShadow !== undefined && (password === 'x' || password === '*' || password === '');
    users.push({
      file: 'passwd',
      line,
      name,
      uid: Number(uid),
      gid: Number(gid),
      home,
      shell,
      passwordField: useShadow ? fromShadow : password === 'x' ? '!' : password,
      passwordFrom: useShadow ? 'shadow' : 'passwd',
    });
  }
  return { users, keptOut: out };
}
