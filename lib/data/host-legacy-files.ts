import './server-only';
import path from 'node:path';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { LegacyFileName, LegacyFiles } from '../mail/legacy-host';
import { readLegacySendmail } from '../mailmaps/legacy-read';
import { openTransport } from '../transport/open-transport';
import type { Transport } from '../transport/transport';
import { decodeHostFile } from '../validation/import';
import { DomainError, NotFoundError } from './errors';
import { previewImport } from './import-runs';
import { HOST_CONNECTION } from './sync-host-state';

// "Import what this host has now" (docs/import.md): the old files read over the mail host's own transport
// (the local filesystem, or SSH with its pinned key) from where a sendmail host keeps them, under a root
// that is "/" unless the operator says otherwise (a copy of an old host under /srv/old, say); then the
// same dry run as an upload. Operators only: a host's /etc/shadow and every tenant's names are in it.

/** Where a sendmail host keeps each file; the first that exists is read. */
export const HOST_FILE_PLACES: Readonly<Record<LegacyFileName, readonly string[]>> = {
  virtusertable: ['/etc/mail/virtusertable'],
  aliases: ['/etc/aliases', '/etc/mail/aliases'],
  'local-host-names': ['/etc/mail/local-host-names'],
  'sendmail.cw': ['/etc/mail/sendmail.cw', '/etc/sendmail.cw'],
  passwd: ['/etc/passwd'],
  shadow: ['/etc/shadow'],
};

const MAX_INCLUDES = 200;

export interface HostFilesChoice {
  root: string;
  customer: { name: string; create?: boolean };
}

export async function previewHostFilesImport(actor: Actor, mailHostId: string, choice: HostFilesChoice) {
  if (actor.kind !== 'admin') throw new NotFoundError('That mail host');
  const host = await db().mailHost.findUnique({ where: { id: mailHostId }, select: HOST_CONNECTION });
  if (!host) throw new NotFoundError('That mail host');
  let transport: Transport;
  try {
    transport = await openTransport(host);
  } catch (error) {
    throw new DomainError(`The mail host could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const { files, includes } = await readHostFiles(transport, choice.root);
    if (Object.keys(files).length === 0) {
      throw new DomainError(`None of the sendmail files is on ${host.name} under ${choice.root}.`, { root: ['No sendmail files there.'] });
    }
    const legacy = readLegacySendmail(files, (absolute) => includes.get(absolute));
    return await previewImport(actor, {
      legacy,
      host: { name: host.name },
      customer: choice.customer,
      source: `${transport.description}, under ${choice.root}`,
    });
  } finally {
    await transport.close().catch(() => undefined);
  }
}

/** The host's files, and the :include: lists its aliases name (read in rounds, lists naming lists too). */
async function readHostFiles(transport: Transport, root: string) {
  const under = (file: string) => path.posix.join(root, file);
  const files: LegacyFiles = {};
  for (const [name, places] of Object.entries(HOST_FILE_PLACES) as [LegacyFileName, readonly string[]][]) {
    for (const place of places) {
      const bytes = await transport.readFile(under(place));
      if (bytes) {
        files[name] = decodeHostFile(bytes);
        break;
      }
    }
  }
  const includes = new Map<string, string>();
  let wanted = includePaths(files.aliases ?? '');
  while (wanted.length > 0 && includes.size < MAX_INCLUDES) {
    const next: string[] = [];
    for (const file of wanted) {
      if (includes.has(file)) continue;
      const bytes = await transport.readFile(under(file));
      if (!bytes) continue; // a missing list: the reader keeps its alias out and says so
      const text = decodeHostFile(bytes);
      includes.set(file, text);
      next.push(...includePaths(text));
    }
    wanted = next;
  }
  return { files, includes };
}

const includePaths = (text: string) => [...text.matchAll(/:include:\s*(\/[^\s,"]+)/gi)].map((m) => m[1]!);
