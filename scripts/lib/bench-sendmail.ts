// `npm run bench -- --flavor sendmail`: the benchmark's mail host is sendmail-flavoured. makemap builds
// the maps (the floor: virtusertable and accounts from their text, the aliases from the panel's pairs, as
// the publish builds them), editmap -q answers the "one change live" timer's lookups. sendmail comes
// from Debian's package, installed as the test command installs it (tests/mta/install-sendmail.sh).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aliasPairs } from '../../lib/sync/publish-layout';
import { shardFiles } from '../../lib/mail/map-shards';
import { run, shardedMap, timedBuilds, type BenchMta, type FloorTiming } from './bench-postfix';

const MAKEMAP = '/usr/sbin/makemap';
const EDITMAP = '/usr/sbin/editmap';

export function sendmailMta(shards: number): BenchMta {
  if (!existsSync(MAKEMAP) || !existsSync(EDITMAP)) {
    console.log('makemap is not installed: installing sendmail (bash tests/mta/install-sendmail.sh)');
    execFileSync('bash', ['tests/mta/install-sendmail.sh'], { stdio: 'inherit' });
  }
  return {
    flavor: 'SENDMAIL',
    describe: `Debian sendmail's makemap and editmap (${MAKEMAP})`,
    changedMap: (key) => shardedMap('virtusertable', key, shards),
    // The flavour's default commands (build, check and patch), without the HUP of a daemon the bench
    // does not run, and without a Dovecot group to give the passwd-file.
    settings: { keepRevisions: 2, mapShards: shards, dovecot: { passwdGroup: null }, commands: { reload: [] } },
    lookUp,
    floor: (liveDir, scratch) => floor(liveDir, scratch, ['virtusertable', ...shardFiles('virtusertable', shards), 'accounts', 'aliases']),
  };
}

/**
 * `editmap -q hash FILE KEY`: the value, or null when the map does not hold the key. editmap refuses a map
 * with several hard links, which a shard carried over unchanged from revision to revision is (sendmail
 * itself reads it: docs/publishing.md): such a map is asked through a copy.
 */
async function lookUp(file: string, key: string): Promise<string | null> {
  let result = await run([EDITMAP, '-q', 'hash', file, key]);
  if (/Hard links not allowed/.test(result.stderr)) {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-lookup-'));
    try {
      await copyFile(`${file}.db`, path.join(dir, 'map.db'));
      result = await run([EDITMAP, '-q', 'hash', path.join(dir, 'map'), key]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (result.code === 0) return result.stdout.trim();
  if (/couldn't find key/.test(result.stderr)) return null;
  throw new Error(`editmap -q ${key}: exit ${result.code}: ${result.stderr}`);
}

/**
 * makemap's own builds of the same files, one after another. For the aliases the input is the pairs the
 * publish gives makemap, written beforehand (not timed).
 */
function floor(liveDir: string, scratch: string, names: string[]): Promise<FloorTiming[]> {
  const input = (name: string, file: string) => (name === 'aliases' ? `${file}.pairs` : file);
  return timedBuilds(
    liveDir,
    scratch,
    names,
    (name, file) => run(['/bin/sh', '-c', `${MAKEMAP} hash "$1" < "$2"`, 'sh', file, input(name, file)]),
    async (name, file) => {
      if (name === 'aliases') await writeFile(input(name, file), aliasPairs(await readFile(file, 'utf8')));
    },
  );
}
