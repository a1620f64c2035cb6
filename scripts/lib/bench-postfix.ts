// The benchmark's mail host is Postfix-flavoured: postmap and postalias are the map builders (also the
// lookups the "one change live" timer asks). Debian's postfix package when installed, else the one
// tests/mta/install-postfix.sh unpacks into .data/mta/postfix-root (its binaries need LD_LIBRARY_PATH and a
// config directory of their own: `-c DIR` with a two-line main.cf, so nothing of a system Postfix is read).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { shardFile, shardFiles, shardOf } from '../../lib/mail/map-shards';
import { POSTFIX_POSTALIAS_FILES, POSTFIX_POSTMAP_FILES, POSTFIX_SHARDED_FILES } from '../../lib/mailmaps/postfix';

const UNPACKED = path.resolve('.data/mta/postfix-root');

/** What the bench needs of the host's MTA: its flavour, its stored settings, a lookup and the floor. */
export interface BenchMta {
  flavor: 'POSTFIX' | 'SENDMAIL';
  describe: string;
  /** The map (or its shard) whose answer for a changed key the "one change live" timer waits for. */
  changedMap(key: string): string;
  /** MailHost.settings of the bench's host. */
  settings: object;
  lookUp(file: string, key: string): Promise<string | null>;
  /** The MTA's own builds of the live files, one after another: the floor of a full publish. */
  floor(liveDir: string, scratch: string): Promise<FloorTiming[]>;
}

/** The Postfix-flavoured host: postmap and postalias. */
export async function postfixMta(configDir: string, shards: number): Promise<BenchMta> {
  const tools = await postfixTools(configDir);
  const maps = [...POSTFIX_POSTMAP_FILES, ...POSTFIX_SHARDED_FILES.flatMap((name) => shardFiles(name, shards))];
  return {
    flavor: 'POSTFIX',
    describe: tools.describe,
    changedMap: (key) => shardedMap('virtual', key, shards),
    settings: { ...hostSettings(tools), mapShards: shards },
    lookUp: (file, key) => lookUp(tools, file, key),
    floor: (liveDir, scratch) => floorBuilds(tools, liveDir, scratch, maps, POSTFIX_POSTALIAS_FILES),
  };
}

/** The file of a sharded map that holds `key` (lib/mail/map-shards.ts). */
export function shardedMap(base: string, key: string, shards: number): string {
  return shards > 1 ? shardFile(base, shardOf(key.slice(key.lastIndexOf('@') + 1), shards)) : base;
}

export interface PostfixTools {
  /** argv prefix of postmap / postalias (program, then what every call needs). */
  postmap: string[];
  postalias: string[];
  describe: string;
}

export async function postfixTools(configDir: string): Promise<PostfixTools> {
  if (existsSync('/usr/sbin/postmap') && existsSync('/usr/sbin/postalias')) {
    return { postmap: ['/usr/sbin/postmap'], postalias: ['/usr/sbin/postalias'], describe: 'Debian postfix (/usr/sbin)' };
  }
  if (!existsSync(path.join(UNPACKED, 'usr/sbin/postmap'))) {
    // A fresh clone installs what it needs itself, as the test command does (issue 15).
    console.log("postmap is not installed: unpacking Debian's postfix (bash tests/mta/install-postfix.sh)");
    execFileSync('bash', ['tests/mta/install-postfix.sh'], { stdio: 'inherit' });
  }
  if (!existsSync(path.join(UNPACKED, 'usr/sbin/postmap'))) {
    throw new Error('No postmap after tests/mta/install-postfix.sh: see its output above.');
  }
  const lib = path.join(UNPACKED, 'usr/lib/postfix');
  await mkdir(configDir, { recursive: true });
  const mainCf = path.join(configDir, 'main.cf');
  await writeFile(mainCf, `compatibility_level = 3.6\nshlib_directory = ${lib}\n`);
  // Postfix programs wait (300 ms steps) while main.cf looks younger than about a second.
  const past = new Date(Date.now() - 60_000);
  await utimes(mainCf, past, past);
  const tool = (name: string) => ['/usr/bin/env', `LD_LIBRARY_PATH=${lib}`, path.join(UNPACKED, 'usr/sbin', name), '-c', configDir];
  return { postmap: tool('postmap'), postalias: tool('postalias'), describe: 'Postfix unpacked in .data/mta/postfix-root' };
}

/** The host's stored settings: build and check with these tools; no daemon to reload; no chgrp. */
export function hostSettings(tools: PostfixTools): object {
  return {
    keepRevisions: 2,
    dovecot: { passwdGroup: null },
    commands: {
      buildMap: { argv: [...tools.postmap, 'hash:{file}'] },
      buildAliases: { argv: [...tools.postalias, 'hash:{file}'] },
      checkMap: { argv: [...tools.postmap, '-q', '-', 'hash:{file}'], stdin: '{keys}' },
      checkAliases: { argv: [...tools.postalias, '-q', '-', 'hash:{file}'], stdin: '{keys}' },
      checkRegexp: { argv: [...tools.postmap, '-q', '-', 'regexp:{file}'], stdin: '{keys}' },
      patchMap: {
        put: { argv: [...tools.postmap, '-i', '-r', 'hash:{file}'], stdin: '{lines}' },
        remove: { argv: [...tools.postmap, '-d', '-', 'hash:{file}'], stdin: '{keys}' },
      },
      patchAliases: {
        put: { argv: [...tools.postalias, '-i', '-r', 'hash:{file}'], stdin: '{lines}' },
        remove: { argv: [...tools.postalias, '-d', '-', 'hash:{file}'], stdin: '{keys}' },
      },
      reload: [],
    },
  };
}

export function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    execFile(file ?? '', args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `postmap -q KEY hash:FILE`: the value, or null when not found. */
export async function lookUp(tools: PostfixTools, file: string, key: string): Promise<string | null> {
  const result = await run([...tools.postmap, '-q', key, `hash:${file}`]);
  if (result.code === 1) return null;
  if (result.code !== 0) throw new Error(`postmap -q ${key}: exit ${result.code}: ${result.stderr}`);
  return result.stdout.trim();
}

export interface FloorTiming {
  file: string;
  lines: number;
  bytes: number;
  ms: number;
}

/**
 * The floor: Postfix's own builds of the same text files, one after another, on copies in `scratch`
 * (what a hand-run `postmap` of each map costs; the publish runs them 4 at a time).
 */
export async function floorBuilds(
  tools: PostfixTools,
  liveDir: string,
  scratch: string,
  maps: readonly string[],
  aliases: readonly string[],
): Promise<FloorTiming[]> {
  return timedBuilds(liveDir, scratch, [...maps, ...aliases], (name, file) =>
    run([...(aliases.includes(name) ? tools.postalias : tools.postmap), `hash:${file}`]),
  );
}

/**
 * The floor's common part: each named live file copied into `scratch` (removed afterwards), its size and
 * lines counted, `prepare` run on it (not timed), and `build` of the copy timed; a failing build stops the bench.
 */
export async function timedBuilds(
  liveDir: string,
  scratch: string,
  names: readonly string[],
  build: (name: string, file: string) => Promise<{ code: number; stderr: string }>,
  prepare: (name: string, file: string) => Promise<void> = async () => {},
): Promise<FloorTiming[]> {
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const timings: FloorTiming[] = [];
  try {
    for (const name of names) {
      const file = path.join(scratch, name);
      await copyFile(path.join(liveDir, name), file);
      const { size } = await stat(file);
      const lines = Number((await run(['/usr/bin/wc', '-l', file])).stdout.trim().split(/\s+/)[0]);
      await prepare(name, file);
      const started = performance.now();
      const result = await build(name, file);
      const ms = Math.round(performance.now() - started);
      if (result.code !== 0) throw new Error(`floor build of ${name}: exit ${result.code}: ${result.stderr}`);
      timings.push({ file: name, lines, bytes: size, ms });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return timings;
}
