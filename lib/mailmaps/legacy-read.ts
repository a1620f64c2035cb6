import type { LegacyFiles, LegacyHost, ReadInclude } from '../mail/legacy-host';
import { readAliases } from './legacy-aliases';
import { readClassW } from './legacy-cw';
import { readUsers } from './legacy-users';
import { readVirtusertable } from './legacy-virtusertable';

// A legacy sendmail host's files, read as sendmail reads them (each file's rules are in its reader), into
// what the import plan decides on (lib/mail/import-plan.ts). Every line that does not become an entry is
// in `keptOut` with its file, line and reason.

export function readLegacySendmail(files: LegacyFiles, readInclude: ReadInclude): LegacyHost {
  const cw = readClassW('local-host-names', files['local-host-names'] ?? '');
  const redHat = readClassW('sendmail.cw', files['sendmail.cw'] ?? '');
  const domains = [...new Set([...cw.domains, ...redHat.domains])];
  const virt = readVirtusertable(files.virtusertable ?? '', new Set(domains));
  const aliases = readAliases(files.aliases ?? '', readInclude);
  const users = readUsers(files.passwd ?? '', files.shadow);
  return {
    domains,
    virtmaps: virt.virtmaps,
    aliases: aliases.aliases,
    users: users.users,
    keptOut: [...cw.keptOut, ...redHat.keptOut, ...virt.keptOut, ...aliases.keptOut, ...users.keptOut],
  };
}
