import { sha256 } from './publish-layout';

// The text of each file this process last published, with its hash, per map directory: a render that
// follows a patch (lib/mailmaps/render-reuse.ts) gives the very same string for a file it did not change,
// so hashing it again (a quarter of a second per 50 MB map) is skipped, and a changed map's patch starts
// from the text this process wrote instead of reading the live one back from the host and hashing it
// (docs/publishing.md, "Patching a map"). Only exact text equality is trusted, never a name alone.

interface Known {
  content: string;
  hash: string;
}

/** Per file, the texts last hashed, newest first: the one being published and the one live before it. */
const known = new Map<string, Known[]>();
const KEPT = 2;
/** Past this many files (many hosts' directories, as in the test suites), the memory starts again. */
const MOST = 512;

const keyOf = (mapDir: string, name: string) => `${mapDir}\u0000${name}`;

/** The SHA-256 of `content`, remembered as a text of `name` under `mapDir`. */
export function hashOfText(mapDir: string, name: string, content: string): string {
  const key = keyOf(mapDir, name);
  const texts = known.get(key) ?? [];
  const same = texts.find((t) => t.content === content);
  const entry = same ?? { content, hash: sha256(content) };
  if (!known.has(key) && known.size >= MOST) known.clear();
  known.set(key, [entry, ...texts.filter((t) => t !== entry)].slice(0, KEPT));
  return entry.hash;
}

/** A text remembered as `name` under `mapDir` whose hash is `hash` (what a live manifest recorded). */
export function knownText(mapDir: string, name: string, hash: string): string | null {
  return known.get(keyOf(mapDir, name))?.find((t) => t.hash === hash)?.content ?? null;
}

/** Forgets every text: what a process that just started knows (the run history then keeps whole texts). */
export function forgetKnownTexts(): void {
  known.clear();
}
