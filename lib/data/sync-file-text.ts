import './server-only';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';

// A run's file texts are kept gzipped at level 1: a big map packs to a small fraction of its size in a
// fraction of a second (docs/publishing.md, figures: "run texts"); storing the plain texts was seconds of
// every big publish.
// Packed on libuv's threads, all files at once, so the worker's event loop (its lock's heartbeat) keeps
// running.

const gzipAsync = promisify(gzip);

export const packText = (text: string) => gzipAsync(text, { level: 1 });

export function unpackText(packed: Uint8Array | null): string | null {
  return packed === null ? null : gunzipSync(packed).toString('utf8');
}
