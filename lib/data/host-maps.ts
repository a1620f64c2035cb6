import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Flavor } from '../mail/snapshot';
import { redactHashes } from '../mail/snapshot-redaction';
import { POSTFIX_FILES, renderPostfix } from '../mailmaps/postfix';
import { renderSendmail, SENDMAIL_FILES } from '../mailmaps/sendmail';
import { DomainError, NotFoundError } from './errors';
import { readHostSnapshot } from './snapshots';

// A host's current maps as the files sendmail or Postfix reads, for an operator to download (issue 14,
// "export of a host's current maps"): rendered from what is saved now, as the command line's
// `render --flavor sendmail|postfix --host NAME` writes them, whichever flavour the host runs (a host being
// moved to the other MTA). The whole host holds every tenant's names: operators only. No Dovecot
// passwd-file: it would carry the password hashes.

/** The files each flavour's download offers, in the order the page lists them. */
export const MAP_FILES: Readonly<Record<Flavor, readonly string[]>> = { sendmail: SENDMAIL_FILES, postfix: POSTFIX_FILES };

export async function hostMapFile(actor: Actor, mailHostId: string, flavor: Flavor, file: string) {
  // A tenant's question about a host answers as one about a host that does not exist.
  if (actor.kind !== 'admin' && actor.kind !== 'support') throw new NotFoundError('That mail host');
  const host = await db().mailHost.findUnique({ where: { id: mailHostId }, select: { id: true, name: true } });
  if (!host) throw new NotFoundError('That mail host');
  if (!MAP_FILES[flavor].includes(file)) throw new NotFoundError(`The ${flavor} file ${file}`);
  const snapshot = redactHashes(await readHostSnapshot(host.id));
  let files: Record<string, string>;
  try {
    files = flavor === 'sendmail' ? renderSendmail(snapshot) : renderPostfix(snapshot);
  } catch (error) {
    // The same refusal a publish would meet: the saved data holds something the renderer will not write.
    throw new DomainError(
      `The ${flavor} files of ${host.name} cannot be written: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { hostName: host.name, text: files[file] ?? '' };
}
