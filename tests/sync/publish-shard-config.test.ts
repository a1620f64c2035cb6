// "Map shards" against the MTA's configuration (lib/sync/shard-config.ts, docs/publishing.md "Shards"): a
// publish reads what the configuration names, with the host's `readConfig` command, before it writes
// anything, and refuses a layout the MTA would not read. The configurations are the real ones: sendmail.cf
// made by m4 from the panel's .mc, and Postfix's main.cf read by its own postconf.
import { execFile } from 'node:child_process';
import { readdir, readlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardFiles } from '@/lib/mail/map-shards';
import { buildSnapshot } from '@/lib/mail/snapshot-builder';
import { DEFAULT_MAILBOX, renderSendmailMc } from '@/lib/mailmaps/sendmail-mc';
import { publish, PublishError, type PublishFlavor } from '@/lib/sync/publish';
import { localTransport } from '@/lib/transport/local';
import { defaultHostSettings, type HostSettings } from '@/lib/validation/host-settings';
import { PostfixInstance } from '../mta/postfix-instance';
import { instanceMainCf } from '../mta/postfix-instance-cf';
import { requireSendmail } from '../mta/sendmail-lab';
import { freshMapDir, postfixFiles, removeTree, sendmailFiles, unpackedPostfixSettings } from './publish-fixtures';

const run = promisify(execFile);
const transport = localTransport();
const DOMAINS = Array.from({ length: 20 }, (_, i) => `d${i}.example`);
const HOST = buildSnapshot({
  domains: DOMAINS,
  accounts: ['joe'],
  virtmaps: Object.fromEntries(DOMAINS.map((d) => [`info@${d}`, 'joe'])),
});

interface Flavour {
  name: PublishFlavor;
  /** The per-domain maps the configuration names in shards. */
  maps: string[];
  /** Makes the MTA's configuration name `shards` shards of the maps under `<mapDir>/current`. */
  configure(shards: number): Promise<void>;
  settings(shards: number): HostSettings;
  files(shards: number): Record<string, string>;
  cleanUp(): Promise<void>;
}

async function sendmail(): Promise<Flavour> {
  requireSendmail();
  const mapDir = await freshMapDir('shard-config-sendmail');
  const cf = path.join(mapDir, 'sendmail.cf');
  return {
    name: 'sendmail',
    maps: ['virtusertable'],
    async configure(shards) {
      const mc = path.join(mapDir, 'sendmail.mc');
      await writeFile(mc, renderSendmailMc({ mapDir: `${mapDir}/current`, mailbox: DEFAULT_MAILBOX, shards }));
      await writeFile(cf, (await run('/usr/bin/m4', [mc])).stdout);
    },
    settings: (shards) => {
      const s = defaultHostSettings('SENDMAIL', mapDir);
      return { ...s, mapShards: shards, commands: { ...s.commands, reload: [], readConfig: { argv: ['/bin/cat', cf] } } };
    },
    files: (shards) => sendmailFiles(HOST, shards),
    cleanUp: () => removeTree(mapDir),
  };
}

async function postfix(): Promise<Flavour> {
  const pf = await PostfixInstance.create();
  const mapDir = await freshMapDir('shard-config-postfix');
  const mainCf = path.join(pf.dir, 'etc/main.cf');
  return {
    name: 'postfix',
    maps: ['virtual', 'recipients', 'access', 'transport'],
    async configure(shards) {
      await writeFile(mainCf, instanceMainCf(pf.dir, `${mapDir}/current`, pf.logFile, shards));
      const past = new Date(Date.now() - 60_000); // Postfix waits while main.cf looks younger than a second
      await utimes(mainCf, past, past);
    },
    settings: (shards) => {
      const s = unpackedPostfixSettings(mapDir, pf); // readConfig: its postconf, the instance's main.cf
      return { ...s, mapShards: shards, commands: { ...s.commands, reload: [] } };
    },
    files: (shards) => postfixFiles(HOST, shards),
    cleanUp: async () => {
      await pf.destroy();
      await removeTree(mapDir);
    },
  };
}

describe.each([
  ['sendmail', sendmail],
  ['Postfix', postfix],
])('a publish to %s in shards', (_, make) => {
  let mta: Flavour;
  let mapDir = '';
  beforeAll(async () => {
    mta = await make();
    mapDir = mta.settings(1).mapDir;
  });
  afterAll(() => mta?.cleanUp());

  const live = async () => ({ current: await readlink(path.join(mapDir, 'current')), entries: (await readdir(mapDir)).sort() });
  const failure = (error: unknown) => (error instanceof PublishError ? { phase: error.phase, message: error.message } : error);

  it('goes ahead when the configuration names every shard it writes', async () => {
    await mta.configure(4);
    const result = await publish(transport, mta.settings(4), mta.name, mta.files(4), 1);
    expect(result.files.map((f) => f.name)).toEqual(expect.arrayContaining(mta.maps.flatMap((m) => [m, ...shardFiles(m, 4)])));
    expect(await readlink(path.join(mapDir, 'current'))).toBe('rev-1');
  });

  it('refuses more shards than the configuration names, before writing anything, and the maps stay as they were', async () => {
    const before = await live();
    const error = await publish(transport, mta.settings(8), mta.name, mta.files(8), 2).catch(failure);
    expect(error).toEqual({
      phase: 'prepare',
      message: expect.stringContaining(`setting (8) writes ${mta.maps[0]} and ${mta.maps[0]}.00 …`),
    });
    expect((error as { message: string }).message).toContain(
      `configuration names ${mta.maps[0]} and ${mta.maps[0]}.00 … ${mta.maps[0]}.03 (4 shards)`,
    );
    // One sentence per sharded map, each naming it.
    for (const map of mta.maps) expect((error as { message: string }).message).toContain(`names ${map} and ${map}.00`);
    expect(await live()).toEqual(before); // no new revision, no staging directory
  });

  it('refuses the one-file layout while the configuration names shards (it would read a base holding a header)', async () => {
    const error = await publish(transport, mta.settings(1), mta.name, mta.files(1), 2).catch(failure);
    expect(error).toEqual({ phase: 'prepare', message: expect.stringContaining(`writes ${mta.maps[0]} alone`) });
  });

  it('goes ahead once the configuration names the new layout: the order docs/publishing.md gives', async () => {
    await mta.configure(8);
    const result = await publish(transport, mta.settings(8), mta.name, mta.files(8), 2);
    expect(result.files.filter((f) => f.name.startsWith(`${mta.maps[0]}.`) && /\.\d\d$/.test(f.name))).toHaveLength(8);
    expect(await readlink(path.join(mapDir, 'current'))).toBe('rev-2');
  });

  it('fails with the command’s own words when the configuration cannot be read, and changes nothing', async () => {
    const before = await live();
    const s = mta.settings(8);
    const unreadable = { ...s, commands: { ...s.commands, readConfig: { argv: ['/bin/cat', path.join(mapDir, 'no-such.cf')] } } };
    const error = await publish(transport, unreadable, mta.name, mta.files(8), 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).message).toBe("reading the MTA's configuration failed (exit 1)");
    expect((error as PublishError).toolOutput).toContain('No such file or directory');
    expect(await live()).toEqual(before);
  });
});
