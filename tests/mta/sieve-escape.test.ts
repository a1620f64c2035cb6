// sieveString (lib/mailmaps/sieve.ts) against the real Sieve compiler: 10,000 hostile strings, escaped,
// compiled by Pigeonhole's sievec and read back from the compiled binary (sieve-dump -h), must come out as
// exactly the bytes typed, with every line break as CRLF. sieve-dump's readable listing replaces control
// characters with "?" and cuts long strings, so the strings are read from its hex dump of the program:
// each string operand is 0x02, its length (7-bit groups, high bit = more), the bytes, 0x00. All strings
// are one string list of one `header` test, so a few scripts hold them all. Needs Pigeonhole
// (`bash tests/mta/install-dovecot.sh`, dovecot-sieve); nothing is skipped.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SieveRenderError, sieveString } from '../../lib/mailmaps/sieve';

const run = promisify(execFile);
const COUNT = 10_000;
const MARKER = 'mailpanel-fuzz-begin';
/** Pigeonhole's default sieve_max_script_size is 1M: each script stays well below. */
const SCRIPT_BYTES = 400_000;

let dir = '';

beforeAll(async () => {
  for (const tool of ['/usr/bin/sievec', '/usr/bin/sieve-dump'])
    if (!existsSync(tool)) throw new Error(`${tool} is missing: run \`bash tests/mta/install-dovecot.sh\` as root first`);
  await mkdir(path.resolve('.data'), { recursive: true });
  dir = await mkdtemp(path.resolve('.data', 'sieve-escape-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '"',
  '\\',
  '\\"',
  '"\\',
  '${',
  '${x}',
  '${hex:41}',
  '${unicode:41}',
  ':',
  'text:',
  'text:\n',
  '\n.\n',
  '.',
  '\n.',
  '#',
  '/*',
  '*/',
  ';',
  '{',
  '}',
  '[',
  ']',
  ',',
  '\n',
  '\r\n',
  '\n\n',
  '\r\n\r\n',
  ' ',
  '\t',
  'é',
  'ß',
  '🙂',
  '\u2028',
  '\u00a0',
  '\ufeff',
  '\u202e',
  '\x01',
  '\x1b',
  '\x7f',
  'keep;',
  'stop;',
  'vacation',
  'require',
  'a',
  'Z',
  '0',
  '@',
];

function hostile(next: () => number, i: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  if (i % 500 === 0) return pick(PIECES).repeat(2000 + Math.floor(next() * 8000)); // long strings
  const parts: string[] = [];
  const length = Math.floor(next() * 24);
  for (let k = 0; k < length; k++) {
    parts.push(next() < 0.7 ? pick(PIECES) : String.fromCodePoint(0x20 + Math.floor(next() * 0x2fd0)));
  }
  const text = parts.join('');
  // quotes and backslashes at either end, the places an escaper most often gets wrong
  return i % 7 === 0 ? `"${text}\\` : i % 11 === 0 ? `\\${text}"` : text;
}

/** What the compiled string must hold: the text's UTF-8, every line break as CRLF. */
function expected(text: string): Buffer {
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
}

/** The bytes of every block sieve-dump -h prints, one after another. */
function hexDumpBytes(dump: string): Buffer {
  const bytes: number[] = [];
  for (const line of dump.split('\n')) {
    const m = /^[0-9a-f]{8} {2}((?:[0-9a-f]{2} {1,2}){1,16})/.exec(line);
    if (m?.[1]) for (const hex of m[1].trim().split(/\s+/)) bytes.push(parseInt(hex, 16));
  }
  return Buffer.from(bytes);
}

/** The strings of the list that starts with MARKER, as compiled; stops at the first non-string operand. */
function compiledStrings(bytes: Buffer, count: number): Buffer[] {
  const marker = Buffer.concat([Buffer.from([0x02, MARKER.length]), Buffer.from(MARKER), Buffer.from([0])]);
  let at = bytes.indexOf(marker);
  if (at < 0) throw new Error('the marker string is not in the compiled program');
  at += marker.length;
  const found: Buffer[] = [];
  while (found.length < count && bytes[at] === 0x02) {
    at++;
    let length = 0;
    for (;;) {
      const b = bytes[at++] ?? 0;
      length = length * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    found.push(bytes.subarray(at, at + length));
    if (bytes[at + length] !== 0) throw new Error(`string ${found.length} is not NUL-terminated`);
    at += length + 1;
  }
  return found;
}

async function compileAndRead(name: string, texts: readonly string[]): Promise<Buffer[]> {
  const list = [sieveString(MARKER), ...texts.map(sieveString)].join(',\n');
  const script = path.join(dir, `${name}.sieve`);
  const binary = path.join(dir, `${name}.svbin`);
  await writeFile(script, `if header :is "x-fuzz" [${list}] {\n  keep;\n}\n`);
  await run('/usr/bin/sievec', [script, binary]).catch((error: { stderr?: string }) => {
    throw new Error(`sievec refused ${name}: ${error.stderr ?? String(error)}`);
  });
  const { stdout } = await run('/usr/bin/sieve-dump', ['-h', binary], { maxBuffer: 256 * 1024 * 1024 });
  return compiledStrings(hexDumpBytes(stdout), texts.length);
}

describe('sieveString through sievec', () => {
  it(`compiles ${COUNT} hostile strings to exactly the text typed (LF as CRLF)`, async () => {
    const started = performance.now();
    const next = random(20261204);
    const texts = Array.from({ length: COUNT }, (_, i) => hostile(next, i));
    const batches: string[][] = [[]];
    let size = 0;
    for (const text of texts) {
      const bytes = Buffer.byteLength(text) * 2 + 8;
      if (size + bytes > SCRIPT_BYTES && (batches[batches.length - 1]?.length ?? 0) > 0) {
        batches.push([]);
        size = 0;
      }
      batches[batches.length - 1]?.push(text);
      size += bytes;
    }
    const results = await Promise.all(batches.map((batch, i) => compileAndRead(`batch-${i}`, batch)));
    const compiled = results.flat();
    expect(compiled).toHaveLength(COUNT);
    const wrong = texts.flatMap((text, i) => (compiled[i]?.equals(expected(text)) ? [] : [{ i, text, got: compiled[i]?.toString() }]));
    expect(wrong.slice(0, 5)).toEqual([]);
    const ms = Math.round(performance.now() - started);
    console.log(`sieve-escape: ${COUNT} strings in ${batches.length} scripts, ${ms} ms`);
    expect(ms).toBeLessThan(30_000);
  }, 60_000);

  it('refuses what no quoted-string holds, and sievec agrees that a raw CR or an escaped CR fails', async () => {
    for (const text of ['a\0b', 'a\rb', 'x\r', '\ud83d']) expect(() => sieveString(text)).toThrow(SieveRenderError);
    for (const [i, raw] of ['"a\rb"', '"a\\\rb"'].entries()) {
      const script = path.join(dir, `cr-${i}.sieve`);
      await writeFile(script, `if header :is "x" ${raw} { keep; }\n`);
      await expect(run('/usr/bin/sievec', [script, `${script}.svbin`])).rejects.toMatchObject({ stderr: /stray carriage-return/ });
    }
  });
});
