import type { LegacyTarget } from '../mail/legacy-host';
import { ERROR_KEYWORDS } from '../mail/reject-codes';
import { shown, trimWs } from './legacy-lines';

// One right-hand side as sendmail takes it, classified, or why the panel does not take it. Measured on
// sendmail 8.17 (`sendmail -bv` and the SMTP RCPT reply):
//  - virtusertable `error:CODE TEXT`: a sysexits keyword (nouser, nohost, tempfail, unavailable …) answers
//    553 5.3.0 with TEXT at RCPT, whatever the keyword (`error:tempfail` too); `error:5.7.1:550 TEXT` answers
//    exactly 550 5.7.1; a bare `error:nouser` answers with a mangled address (">x<@d.") as its text;
//  - a virtusertable `/dev/null` (or any file or program) is refused at RCPT, 550 5.7.1 "Cannot mail
//    directly to files": only aliases may discard;
//  - makemap keeps everything after the key's white space, ` # text` included (no inline comments), so
//    `joe # old` is looked up as that whole name and answers "User unknown";
//  - `%1`, `%2`, `%3` expand in a virtusertable value (`joe+%2`, `%1%3@other.example`).

const NAME = /^[a-z0-9_][a-z0-9._+=-]*$/;
const ADDRESS_LOCAL = /^[A-Za-z0-9_%!&'*/=?^`{|}~.+-]+$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

export type Classified = { ok: true; target: LegacyTarget } | { ok: false; reason: string };

const refuse = (reason: string): Classified => ({ ok: false, reason });

/** A virtusertable value (already trimmed of the white space around it). */
export function classifyVirtmapValue(value: string): Classified {
  if (value === '') return refuse('The key has no value: makemap skips it.');
  const error = /^error:([^ \t]+)(?:[ \t]+(.*))?$/i.exec(value);
  if (error) {
    const code = (error[1] ?? '').toLowerCase();
    if (!ERROR_KEYWORDS.has(code) && !/^[245]\.\d{1,3}\.\d{1,3}:[245]\d\d$/.test(code)) {
      return refuse(`"error:${shown(error[1] ?? '')}" is not an error code sendmail knows.`);
    }
    return { ok: true, target: { kind: 'reject', code, text: trimWs(error[2] ?? '') } };
  }
  if (/[ \t]#/.test(value))
    return refuse(
      `makemap keeps " #…" as part of the value (no comments after a value): sendmail looked up "${shown(value)}", which matched nothing.`,
    );
  if (value.includes(','))
    return refuse('A list of targets: sendmail refuses it in virtusertable (553 5.1.3); an alias holds several targets.');
  if (value.startsWith('/') || value.startsWith('"/'))
    return refuse(`sendmail refuses a file target in virtusertable (550 5.7.1 "Cannot mail directly to files").`);
  if (value.startsWith('|') || value.startsWith('"|'))
    return refuse(`sendmail refuses a program target in virtusertable ("Cannot mail directly to programs").`);
  if (/%[123]/.test(value)) {
    return /^[A-Za-z0-9_.+=%@-]+$/.test(value)
      ? { ok: true, target: { kind: 'template', value } }
      : refuse(`"${shown(value)}" is not a target the panel can read.`);
  }
  return classifyPlain(value, 'virtusertable');
}

/** One member of an alias's list (or of an :include: file), trimmed; `:include:` is the caller's. */
export function classifyAliasMember(member: string): Classified {
  if (member.startsWith('|') || member.startsWith('"|')) return refuse(`Program target "${shown(member)}" is not modelled by the panel.`);
  if (member === '/dev/null' || member === '"/dev/null"') return { ok: true, target: { kind: 'discard' } };
  if (member.startsWith('/') || member.startsWith('"/')) return refuse(`File target "${shown(member)}" is not modelled by the panel.`);
  if (/^error:/i.test(member)) {
    return refuse(
      `"${shown(member)}": an error target in aliases is accepted at RCPT and bounces later; the panel offers rejections in virtmaps only.`,
    );
  }
  if (member.startsWith('\\')) {
    const name = member.slice(1);
    return NAME.test(name) && !name.includes('+')
      ? { ok: true, target: { kind: 'account', name } }
      : refuse(`"${shown(member)}" is not a name the panel can read.`);
  }
  return classifyPlain(member, 'aliases');
}

/** A plain name or address (no error:, file, program, substitution). */
function classifyPlain(value: string, file: 'virtusertable' | 'aliases'): Classified {
  if (/["\\()<>;:[\] \t\uFEFF]/.test(value))
    return refuse(`"${shown(value)}" is quoted or holds characters the panel does not read in an address.`);
  const at = value.lastIndexOf('@');
  if (at === -1) {
    if (NAME.test(value)) return { ok: true, target: { kind: 'name', name: value } };
    if (NAME.test(value.toLowerCase())) {
      return refuse(
        `"${shown(value)}" has capitals: ${file === 'aliases' ? 'a Unix account' : 'sendmail'} matches that exact case, and the panel's names are lower case.`,
      );
    }
    return refuse(`"${shown(value)}" is not a name the panel can read.`);
  }
  const local = value.slice(0, at);
  const domain = value
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  if (local === '' || !ADDRESS_LOCAL.test(local) || !DOMAIN.test(domain))
    return refuse(`"${shown(value)}" is not an address the panel can read.`);
  return { ok: true, target: { kind: 'address', address: `${local}@${domain}` } };
}
