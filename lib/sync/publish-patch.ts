import type { HostSettings } from '../validation/host-settings';
import { knownText, placeOf } from './known-texts';
import { mapPatch, type MapPatch } from './map-patch';
import { buildFingerprint, isBuilt, sha256, type FileRole, type Manifest, type PublishFlavor } from './publish-layout';
import type { Transport } from '../transport/transport';

// Whether a changed map is published as a patch of the live one (issue 15; docs/publishing.md, "Patching
// a map"), and if so its copy of the live .db in the new revision. A patch needs what the live revision
// was built from: its text, exactly what the manifest recorded (the text this process published with that
// hash, lib/sync/known-texts.ts, else the file read back and hashed) and untouched since (size and mtime:
// what the .db and a hard-linked unchanged file are trusted on too), and a .db the manifest says was built
// by the flavour and command this host builds with now, untouched since (size and mtime), so a hand edit
// of the live files is never carried on; then that .db is copied (never linked: the patch must not touch the live revision). Anything else is
// built whole, as before: no patch commands, a text that cannot be patched (lib/sync/map-patch.ts), or a
// change so big that the whole build costs less.

/** More changed entries than this, and the map is built whole (a tool reading a few thousand lines is fast either way). */
export const PATCH_MOST = 2000;
/** With a remove command of one key a process (sendmail's editmap -x: 40-70 ms each), fewer. */
export const REMOVED_ONE_BY_ONE_MOST = 64;

interface PatchedPlan {
  name: string;
  role: FileRole;
  content: string;
  flavor: PublishFlavor;
}

export async function livePatch(
  transport: Transport,
  settings: HostSettings,
  liveDir: string,
  manifest: Manifest | null,
  staging: string,
  plan: PatchedPlan,
): Promise<MapPatch | null> {
  if (settings.publishMode !== 'full' || !isBuilt(plan.role)) return null;
  const role = plan.role as 'map' | 'aliases';
  const commands = role === 'map' ? settings.commands.patchMap : settings.commands.patchAliases;
  const recorded = manifest?.files[plan.name];
  if (!commands || !recorded || recorded.mtime === undefined || !recorded.db) return null;
  // The .db was built the way this host builds now (the flavour, the command: another one may store other
  // keys, or another map type), and neither it nor its text was touched since.
  const build = role === 'map' ? settings.commands.buildMap : settings.commands.buildAliases;
  if (manifest?.flavor !== plan.flavor || recorded.db.build !== buildFingerprint(plan.flavor, build)) return null;
  const [text, db] = await Promise.all([transport.stat(`${liveDir}/${plan.name}`), transport.stat(`${liveDir}/${plan.name}.db`)]);
  if (!text?.isFile || text.size !== recorded.size || Math.floor(text.mtimeMs / 1000) !== recorded.mtime) return null;
  if (!db?.isFile || db.size !== recorded.db.size || Math.floor(db.mtimeMs / 1000) !== recorded.db.mtime) return null;
  // The live text as this process wrote it, if it remembers it (the stat above shows it untouched since,
  // as the hard link of an unchanged file trusts): a 50 MB map is not read back and hashed again.
  const before =
    knownText(placeOf(transport, settings.mapDir), plan.name, recorded.sha256) ??
    (await liveText(transport, `${liveDir}/${plan.name}`, recorded.sha256));
  if (before === null) return null;
  const patch = mapPatch(before, plan.content, role);
  if (!patch || !worthIt(patch, commands.remove.argv)) return null;
  try {
    await transport.copyFile(`${liveDir}/${plan.name}.db`, `${staging}/${plan.name}.db`);
  } catch {
    await transport.remove(`${staging}/${plan.name}.db`);
    return null;
  }
  return patch;
}

async function liveText(transport: Transport, path: string, hash: string): Promise<string | null> {
  const data = await transport.readFile(path);
  return data && sha256(data) === hash ? data.toString('utf8') : null;
}

function worthIt(patch: MapPatch, removeArgv: readonly string[]): boolean {
  // Nothing to patch (only comments or the order of lines changed): a copy would keep the old .db's mtime
  // over SSH (cp -p), older than its text, which Postfix and sendmail warn about. A build is as cheap.
  if (patch.put.length + patch.remove.length === 0) return false;
  if (patch.put.length + patch.remove.length > PATCH_MOST) return false;
  const oneByOne = removeArgv.some((arg) => arg.includes('{key}'));
  return !oneByOne || patch.remove.length <= REMOVED_ONE_BY_ONE_MOST;
}
