import { sha256 } from './publish-layout';

// The texts of each host's live revision as this process published them, with their hashes: a render that
// follows a patch (lib/mailmaps/render-reuse.ts) gives the very same string for a file it did not change,
// so hashing it again (a quarter of a second per 50 MB map) is skipped; a changed map's patch starts from
// the text this process wrote instead of reading the live one back from the host and hashing it
// (docs/publishing.md, "Patching a map"); and the run history keeps a changed file's diff against it
// instead of its whole text. Remembered only once a publish switched (a failed one leaves the live
// texts as they were), per host (its transport and map directory: hosts on several machines may share
// /etc/mail), and looked up by hash: only the text a live manifest recorded is ever given back.

interface Known {
  content: string;
  hash: string;
}

/** Per host, each file's live text. */
const places = new Map<string, Map<string, Known>>();
/** Past this many hosts the one published longest ago is forgotten (it is read back when needed). */
const MOST_PLACES = 64;

/** Where a host's files are: its transport (which machine) and map directory. */
export function placeOf(transport: { description: string }, mapDir: string): string {
  return `${transport.description}\u0000${mapDir}`;
}

/** The SHA-256 of `content` as file `name` of the host at `place` (not hashed again if it is the live text). */
export function hashOfText(place: string, name: string, content: string): string {
  const live = places.get(place)?.get(name);
  return live && live.content === content ? live.hash : sha256(content);
}

/** The files a publish of the host at `place` just switched in: its live texts now. */
export function rememberLive(place: string, files: readonly { name: string; content: string; hash: string }[]): void {
  places.delete(place);
  places.set(place, new Map(files.map((f) => [f.name, { content: f.content, hash: f.hash }])));
  if (places.size > MOST_PLACES) places.delete(places.keys().next().value as string);
}

/** The live text of file `name` of the host at `place` if this process knows it and its hash is `hash`. */
export function knownText(place: string, name: string, hash: string): string | null {
  const live = places.get(place)?.get(name);
  return live && live.hash === hash ? live.content : null;
}

/** Forgets every text: what a process that just started knows (the run history then keeps whole texts). */
export function forgetKnownTexts(): void {
  places.clear();
}
