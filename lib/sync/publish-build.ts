import type { CommandSpec, HostSettings } from '../validation/host-settings';
import type { MapPatch } from './map-patch';
import { aliasPairs, countEntries, parseDump, parseEntries, sampleEntries, sampleText, spread, type Entry } from './publish-layout';
import type { RunResult, Transport } from '../transport/transport';

// Building and checking the indexed maps of a new revision, with the host's configured commands. A build
// or check that fails throws BuildFailure with the tool's own output; publish.ts turns it into a
// PublishError and leaves the live revision alone.

export class BuildFailure extends Error {
  constructor(
    message: string,
    readonly toolOutput: string,
  ) {
    super(message);
  }
}

/** Postfix's map tools exit 0 after warnings (duplicate keys, bad lines): for the panel's files any is a failure. */
const TOOL_COMPLAINT = /^(?:\S+: )?(warning|fatal|error|panic): /m;
/** A key no map holds: the regexp check only wants Postfix to parse the whole table. */
const PROBE_KEY = 'mailpanel-check@check.mailpanel.invalid';

interface Substitution {
  file: string;
  key?: string;
  keys?: string;
  pairs?: string;
  lines?: string;
}

export function commandLine(spec: CommandSpec, at: Substitution): { argv: string[]; stdinFile?: string } {
  const fill = (arg: string) =>
    arg
      .replaceAll('{file}', at.file)
      .replaceAll('{keys}', at.keys ?? '')
      .replaceAll('{pairs}', at.pairs ?? '')
      .replaceAll('{lines}', at.lines ?? '')
      .replaceAll('{key}', at.key ?? '');
  return { argv: spec.argv.map(fill), stdinFile: spec.stdin === undefined ? undefined : fill(spec.stdin) };
}

/** Runs a configured command; a lookup may exit 1 ("not found": the check decides), anything else must exit 0 without complaints. */
async function runChecked(
  transport: Transport,
  settings: HostSettings,
  what: string,
  spec: CommandSpec,
  at: Substitution,
  lookup = false,
): Promise<RunResult> {
  const { argv, stdinFile } = commandLine(spec, at);
  const result = await transport.run(argv, { stdinFile, timeoutMs: settings.commandTimeoutMs });
  const shown = argv.join(' ') + (stdinFile ? ` < ${stdinFile}` : '');
  const output = `$ ${shown}\n${result.stderr}${result.stdout && result.code !== 0 ? result.stdout : ''}`.trimEnd();
  if (!(result.code === 0 || (lookup && result.code === 1))) throw new BuildFailure(`${what} failed (exit ${result.code})`, output);
  if (TOOL_COMPLAINT.test(result.stderr)) throw new BuildFailure(`${what} complained`, output);
  return result;
}

/**
 * Builds `{file}.db`. A build reading `{pairs}` (sendmail's aliases by makemap, the default) gets the
 * aliases as makemap input, written beside the file and removed again: see aliasPairs.
 */
export async function buildFile(
  transport: Transport,
  settings: HostSettings,
  role: 'map' | 'aliases',
  file: string,
  text: string,
): Promise<RunResult> {
  const spec = role === 'map' ? settings.commands.buildMap : settings.commands.buildAliases;
  if (spec.stdin !== '{pairs}') return runChecked(transport, settings, `building ${file}`, spec, { file });
  return withInput(transport, file, 'pairs', aliasPairs(text), (pairs) =>
    runChecked(transport, settings, `building ${file}`, spec, { file, pairs }),
  );
}

/**
 * Patches `{file}.db`, a copy of the live revision's (lib/sync/map-patch.ts): the removed keys out, then
 * the added and changed entries in, with the host's patch commands. The check that follows looks the
 * changed keys up.
 */
export async function patchFile(
  transport: Transport,
  settings: HostSettings,
  role: 'map' | 'aliases',
  file: string,
  patch: MapPatch,
): Promise<RunResult> {
  const spec = role === 'map' ? settings.commands.patchMap : settings.commands.patchAliases;
  if (!spec) throw new BuildFailure(`no patch commands for ${file}`, '');
  const outputs: RunResult[] = [];
  if (patch.remove.length > 0 && spec.remove.argv.some((arg) => arg.includes('{key}'))) {
    for (const key of patch.remove)
      outputs.push(await runChecked(transport, settings, `removing ${key} from ${file}`, spec.remove, { file, key }, true));
  } else if (patch.remove.length > 0) {
    const keys = patch.remove.map((k) => `${k}\n`).join('');
    outputs.push(
      await withInput(transport, file, 'remove-keys', keys, (at) =>
        runChecked(transport, settings, `removing ${patch.remove.length} keys from ${file}`, spec.remove, { file, keys: at }, true),
      ),
    );
  }
  if (patch.put.length > 0) {
    const text = patch.put.map((e) => (spec.put.stdin === '{pairs}' ? `${e.key}\t${e.value}\n` : `${e.line}\n`)).join('');
    outputs.push(
      await withInput(transport, file, 'put', text, (at) =>
        runChecked(transport, settings, `patching ${file}`, spec.put, { file, lines: at, pairs: at }),
      ),
    );
  }
  return {
    code: 0,
    stdout: outputs.map((o) => o.stdout).join(''),
    stderr: outputs.map((o) => o.stderr).join(''),
  };
}

/**
 * After a patch: its changed keys answer as the new text says, and its removed keys are gone. One lookup
 * for up to 500 of each (a check reading {keys}), four of each by a process each (sendmail's editmap -q),
 * or all of them in a dump (a check with neither).
 */
export async function checkPatch(
  transport: Transport,
  settings: HostSettings,
  role: 'map' | 'aliases',
  file: string,
  patch: MapPatch,
): Promise<void> {
  const spec = role === 'map' ? settings.commands.checkMap : settings.commands.checkAliases;
  const oneByOne = spec.argv.some((arg) => arg.includes('{key}'));
  const dump = !oneByOne && spec.stdin !== '{keys}';
  const most = oneByOne ? 4 : dump ? Infinity : 500;
  const wanted = [
    ...spread(patch.put, most).map((e) => ({ key: e.key, value: e.value as string | null })),
    ...spread(patch.remove, most).map((key) => ({ key, value: null })),
  ];
  if (wanted.length === 0) return;
  const answers = new Map<string, string>();
  if (oneByOne) {
    for (const { key } of wanted) {
      const found = await lookUpOne(transport, settings, spec, file, key);
      if (found !== null) answers.set(key, found);
    }
  } else if (dump) {
    const result = await runChecked(transport, settings, `dumping ${file}`, spec, { file });
    for (const [key, value] of parseDump(result.stdout)) answers.set(key, value);
  } else {
    const found = await lookUpAll(
      transport,
      settings,
      spec,
      file,
      wanted.map((w) => w.key),
    );
    for (const [key, value] of parseDump(found.stdout)) answers.set(key, value);
  }
  for (const { key, value } of wanted) {
    const got = answers.get(key) ?? null;
    if (got !== value)
      throw new BuildFailure(
        `${file}.db answers ${key} wrongly after the patch`,
        `${commandLine(spec, { file, key }).argv.join(' ')}: ${key} -> ${got === null ? 'not found' : JSON.stringify(got)}, expected ${value === null ? 'not found' : JSON.stringify(value)}`,
      );
  }
}

/** editmap -q says a key is not there with exit 69 and these words (measured with sendmail 8.17); postmap -q with exit 1. */
const NOT_FOUND = /couldn't find key/;

/** One key's value by a lookup of one key, or null when the map does not hold it; any other failure throws. */
async function lookUpOne(
  transport: Transport,
  settings: HostSettings,
  spec: CommandSpec,
  file: string,
  key: string,
): Promise<string | null> {
  const { argv, stdinFile } = commandLine(spec, { file, key });
  const result = await transport.run(argv, { stdinFile, timeoutMs: settings.commandTimeoutMs });
  if (result.code === 0) return result.stdout.replace(/\n$/, '').trim();
  if (result.code === 1 || (result.code === 69 && NOT_FOUND.test(result.stderr))) return null;
  throw new BuildFailure(`looking up ${key} in ${file} failed (exit ${result.code})`, `$ ${argv.join(' ')}\n${result.stderr}`.trimEnd());
}

/**
 * Runs `work` with `text` in a scratch file beside `file` in the same (staging) directory,
 * `.<name>.<what>` (a command's standard input), and removes the file again, whatever happens.
 */
async function withInput<T>(transport: Transport, file: string, what: string, text: string, work: (at: string) => Promise<T>): Promise<T> {
  const slash = file.lastIndexOf('/');
  const at = `${file.slice(0, slash)}/.${file.slice(slash + 1)}.${what}`;
  await transport.writeFile(at, text, { mode: 0o600 });
  try {
    return await work(at);
  } finally {
    await transport.remove(at);
  }
}

/**
 * Checks a built map against its text: the .db exists; then the configured check, one of
 *   - one lookup per sampled key ({key} in argv): each answers its value;
 *   - one lookup of all sampled keys (stdin {keys}): each answers its value;
 *   - a dump: it holds exactly the text's keys, and the sampled values.
 * For aliases the build's own count ("N aliases") must match too.
 */
export async function checkFile(
  transport: Transport,
  settings: HostSettings,
  role: 'map' | 'aliases',
  file: string,
  text: string,
  buildOutput: RunResult,
): Promise<void> {
  const db = await transport.stat(`${file}.db`);
  if (!db?.isFile || db.size === 0)
    throw new BuildFailure(`${file}.db was not built`, `${file}.db: ${db ? 'empty or not a file' : 'missing'} after the build command`);
  if (role === 'aliases') checkAliasCount(file, countEntries(text), `${buildOutput.stdout}\n${buildOutput.stderr}`);
  const spec = role === 'map' ? settings.commands.checkMap : settings.commands.checkAliases;
  const check = { transport, settings, spec, role, file, text };
  if (spec.argv.some((arg) => arg.includes('{key}'))) await checkByLookups(check);
  else if (spec.stdin === '{keys}') await checkByOneLookup(check);
  else await checkByDump(check);
}

interface MapCheck {
  transport: Transport;
  settings: HostSettings;
  spec: CommandSpec;
  role: 'map' | 'aliases';
  file: string;
  text: string;
}

/** One lookup per sampled key ({key} in argv): each answers its value. */
async function checkByLookups({ transport, settings, spec, role, file, text }: MapCheck): Promise<void> {
  // One after another: sendmail's editmap, even with -q, may chown the map to its TrustedUser, and two at
  // once on one file raced into "Operation not permitted" (measured). Three keys: a process each.
  for (const entry of sampleText(text, role, 3)) {
    const result = await runChecked(transport, settings, `looking up ${entry.key} in ${file}`, spec, { file, key: entry.key }, true);
    const got = result.stdout.replace(/\n$/, '').trim();
    if (result.code !== 0 || got !== entry.value)
      throw mismatch(file, entry, result.code === 0 ? got : null, commandLine(spec, { file, key: entry.key }).argv);
  }
}

/** One lookup of all sampled keys (stdin {keys}): each answers its value. */
async function checkByOneLookup({ transport, settings, spec, role, file, text }: MapCheck): Promise<void> {
  const samples = sampleText(text, role);
  if (samples.length === 0) return;
  const found = await lookUpAll(
    transport,
    settings,
    spec,
    file,
    samples.map((e) => e.key),
  );
  const answers = parseDump(found.stdout);
  for (const entry of samples)
    if (answers.get(entry.key) !== entry.value)
      throw mismatch(file, entry, answers.get(entry.key) ?? null, commandLine(spec, { file }).argv);
}

/** A dump: it holds exactly the text's keys, and the sampled values. */
async function checkByDump({ transport, settings, spec, role, file, text }: MapCheck): Promise<void> {
  const entries = parseEntries(text, role);
  const samples = sampleEntries(entries);
  const result = await runChecked(transport, settings, `dumping ${file}`, spec, { file });
  const dump = parseDump(result.stdout);
  if (role === 'aliases') dump.delete('@'); // sendmail's "database complete" marker
  const keys = new Set(entries.map((e) => e.key));
  // The same keys, not only as many: a build that drops one line and stores another (a comment taken for
  // a key) has the right count.
  const missing = [...keys].filter((k) => !dump.has(k)).slice(0, 5);
  if (dump.size !== keys.size || missing.length > 0) {
    const extra = [...dump.keys()].filter((k) => !keys.has(k)).slice(0, 5);
    const detail = `${missing.length ? `; missing e.g. ${missing.join(', ')}` : ''}${extra.length ? `; not in the text e.g. ${extra.join(', ')}` : ''}`;
    throw new BuildFailure(
      `${file}.db holds ${dump.size} entries, the text ${keys.size}`,
      `${commandLine(spec, { file }).argv.join(' ')}: ${dump.size} entries; the text has ${keys.size}${detail}`,
    );
  }
  for (const entry of samples) {
    const got = dump.get(entry.key);
    if (got !== entry.value) throw mismatch(file, entry, got ?? null, commandLine(spec, { file }).argv);
  }
}

/** One process for all lookups: the keys go in a file beside the map (removed again), given as stdin. */
async function lookUpAll(
  transport: Transport,
  settings: HostSettings,
  spec: CommandSpec,
  file: string,
  keys: string[],
): Promise<RunResult> {
  return withInput(transport, file, 'check-keys', keys.map((k) => `${k}\n`).join(''), (at) =>
    runChecked(transport, settings, `looking up ${keys.length} keys in ${file}`, spec, { file, keys: at }, true),
  );
}

function checkAliasCount(file: string, expected: number, output: string): void {
  const m = /: (\d+) aliases, longest/.exec(output);
  if (m && Number(m[1]) !== expected)
    throw new BuildFailure(`${file}: the build stored ${m[1]} aliases, the text has ${expected}`, output.trim());
}

function mismatch(file: string, entry: Entry, got: string | null, argv: string[]): BuildFailure {
  const answer = got === null ? 'not found' : JSON.stringify(got);
  return new BuildFailure(
    `${file}.db answers ${entry.key} wrongly`,
    `${argv.join(' ')}: ${entry.key} -> ${answer}, expected ${JSON.stringify(entry.value)}`,
  );
}

/** Postfix regexp tables are not built: one lookup makes Postfix parse the whole file, and complain. */
export async function checkRegexp(transport: Transport, settings: HostSettings, file: string): Promise<void> {
  const spec = settings.commands.checkRegexp;
  if (!spec) return;
  if (spec.stdin === '{keys}') await lookUpAll(transport, settings, spec, file, [PROBE_KEY]);
  else await runChecked(transport, settings, `checking ${file}`, spec, { file, key: PROBE_KEY }, true);
}
