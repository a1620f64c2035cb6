// Issue 11: the first publish of a fresh demo host waited 60 s in `sendmail -bi` where the machine's host
// name is not qualified (sendmail qualifies it before anything else, and sleeps 60 s when it cannot). The
// default sendmail settings build the aliases with makemap from the panel's own pairs instead: a publish
// with the defaults, run on a machine named "mailpanel-unqualified" (a UTS namespace of its own, files-only
// name lookups are not needed: makemap never asks), is done in seconds and its aliases answer.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve('.data/sync-tests');
let dir = '';
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

const SCRIPT = `
import { publish } from ${JSON.stringify(path.resolve('lib/sync/publish.ts'))};
import { localTransport } from ${JSON.stringify(path.resolve('lib/transport/local.ts'))};
import { defaultHostSettings } from ${JSON.stringify(path.resolve('lib/validation/host-settings.ts'))};
import { hostname } from 'node:os';
const settings = defaultHostSettings('SENDMAIL', process.argv[2]);
settings.dovecot.passwdGroup = null;
settings.commands.reload = [];
const files = {
  'local-host-names': 'a.example\\n',
  accounts: 'joe\\tjoe\\n',
  aliases: '# mailpanel\\ninfo: joe, jane\\nsales: \\\\joe, someone@b.example\\n',
  virtusertable: 'x@a.example\\tjoe\\n',
};
const result = await publish(localTransport(), settings, 'sendmail', files, 1);
console.log(JSON.stringify({ hostname: hostname(), phases: result.phases }));
`;

it('publishes the default sendmail maps in seconds on a machine whose host name is not qualified', async () => {
  dir = await mkdtemp(path.join(ROOT, 'aliases-hostname-'));
  const script = path.join(dir, 'publish.mts');
  await writeFile(script, SCRIPT);
  const started = Date.now();
  const { stdout } = await run(
    '/usr/bin/unshare',
    [
      '--uts',
      '/bin/sh',
      '-c',
      'hostname mailpanel-unqualified && exec "$0" --import tsx "$1" "$2"',
      process.execPath,
      script,
      `${dir}/maps`,
    ],
    { timeout: 120_000 },
  );
  const seconds = (Date.now() - started) / 1000;
  const { hostname, phases } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { hostname: string; phases: Record<string, number> };
  expect(hostname).toBe('mailpanel-unqualified');
  expect(phases.build).toBeLessThan(15_000); // `sendmail -bi` here: 60 s and more
  expect(seconds).toBeLessThan(50); // node and tsx start here too, on a busy machine
  const { stdout: answer } = await run('/usr/sbin/editmap', ['-q', 'hash', `${dir}/maps/current/aliases`, 'sales']);
  expect(answer.trim()).toBe('\\joe, someone@b.example');
}, 150_000);
