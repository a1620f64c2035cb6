// `npm run bench -- --flavor sendmail`: the benchmark's mail host is sendmail-flavoured. makemap builds
// the maps (the floor: virtusertable and accounts from their text, the aliases from the panel's pairs, as
// the publish builds them), editmap -q answers the "one change live" timer's lookups. sendmail comes
// from Debian's package, installed as the test command installs it (tests/mta/install-sendmail.sh).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { aliasPairs } from '../../lib/sync/publish-layout';
import { run, timedBuilds, type BenchMta, type FloorTiming } from './bench-postfix';

const MAKEMAP = '/usr/sbin/makemap';
const EDITMAP = '/usr/sbin/editmap';

export function sendmailMta(): BenchMta {
  if (!existsSync(MAKEMAP) || !existsSync(EDITMAP)) {
    console.log('makemap is not installed: installing sendmail (bash tests/mta/install-sendmail.sh)');
    execFileSync('bash', ['tests/mta/install-sendmail.sh'], { stdio: 'inherit' });
  }
  return {
    flavor: 'SENDMAIL',
    describe: `Debian sendmail's makemap and editmap (${MAKEMAP})`,
    changedMap: 'virtusertable',
    // The flavour's default commands (build, check and patch), without the HUP of a daemon the bench
    // does not run, and without a Dovecot group to give the passwd-file.
    settings: { keepRevisions: 2, dovecot: { passwdGroup: null }, commands: { reload: [] } },
    lookUp,
    floor,
  };
}

/** `editmap -q hash FILE KEY`: the value, or null when the map does not hold the key. */
async function lookUp(file: string, key: string): Promise<string | null> {
  const result = await run([EDITMAP, '-q', 'hash', file, key]);
  if (result.code === 0) return result.stdout.trim();
  if (/couldn't find key/.test(result.stderr)) return null;
  throw new Error(`editmap -q ${key}: exit ${result.code}: ${result.stderr}`);
}

/**
 * makemap's own builds of the same files, one after another. For the aliases the input is the pairs the
 * publish gives makemap, written beforehand (not timed).
 */
function floor(liveDir: string, scratch: string): Promise<FloorTiming[]> {
  const input = (name: string, file: string) => (name === 'aliases' ? `${file}.pairs` : file);
  return timedBuilds(
    liveDir,
    scratch,
    ['virtusertable', 'accounts', 'aliases'],
    (name, file) => run(['/bin/sh', '-c', `${MAKEMAP} hash "$1" < "$2"`, 'sh', file, input(name, file)]),
    async (name, file) => {
      if (name === 'aliases') await writeFile(input(name, file), aliasPairs(await readFile(file, 'utf8')));
    },
  );
}
