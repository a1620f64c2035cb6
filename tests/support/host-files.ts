import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOST_FILE_PLACES } from '../../lib/data/host-legacy-files';
import type { LegacyHostSet } from './legacy-hosts';

/** Lays out a legacy host's files under `root` where a sendmail host keeps them, its :include: lists too. */
export async function writeHostFiles(root: string, set: LegacyHostSet): Promise<void> {
  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  };
  for (const [name, text] of Object.entries(set.files)) await put(HOST_FILE_PLACES[name as keyof typeof HOST_FILE_PLACES][0]!, text);
  for (const [file, text] of Object.entries(set.includes)) await put(file, text);
}
