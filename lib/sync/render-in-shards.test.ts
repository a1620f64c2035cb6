import { describe, expect, it } from 'vitest';
import { snapshotOf } from '@/tests/support/host-rows';
import { randomRowsOf } from '@/tests/support/random-rows';
import { randomSnapshot, randomTenantSnapshot } from '@/tests/support/random-snapshot';
import type { Flavor, MailSnapshot } from '../mail/snapshot';
import { hostFilesInShards, type HostReader } from './render-in-shards';
import { renderHost, type RenderSettings } from './render-host';

// A host rendered shard by shard from a host read in parts (render-in-shards.ts) must write exactly what
// a whole render writes: every file, byte for byte, or the same refusal. A Postfix domain whose verdicts
// follow a chain into a domain of another chunk, a catch-all that lists its owner's names, an alias
// naming a local domain, an autoreply whose addresses are in another shard: a part that lacks what a
// piece read shows here as a difference. Chunks of one domain make every such read cross a chunk.

const DOVECOT = { uid: 5000, gid: 5000, homeBase: '/var/mail/vhosts', passwdGroup: null };

/** A reader over a whole snapshot, as the data layer reads the host in parts; counts its reads. */
function readerOf(s: MailSnapshot): HostReader & { reads: string[][] } {
  const reads: string[][] = [];
  const on = new Set(s.domains);
  return {
    reads,
    hostWide: async () => ({ ...s, virtmaps: [] }),
    domains: async (names) => {
      reads.push([...names]);
      const wanted = new Set(names.filter((d) => on.has(d)));
      const domains = s.domains.filter((d) => wanted.has(d));
      return {
        version: s.version,
        host: s.host,
        domains,
        accounts: [],
        aliases: [],
        virtmaps: s.virtmaps.filter((v) => wanted.has(v.domain)),
        ...(s.version === 2
          ? {
              domainOwners: Object.fromEntries(domains.map((d) => [d, s.domainOwners?.[d] as string])),
              strictDomains: (s.strictDomains ?? []).filter((d) => wanted.has(d)),
            }
          : {}),
      };
    },
  };
}

async function inShards(flavor: Flavor, s: MailSnapshot, settings: RenderSettings, chunk: number, reader = readerOf(s)) {
  const files: Record<string, string> = {};
  try {
    for await (const [name, text] of hostFilesInShards(flavor, settings, reader, { chunk })) {
      expect(files[name], `${name} handed over twice`).toBeUndefined();
      files[name] = text;
    }
  } catch (error) {
    return { refused: error instanceof Error ? error.name : String(error) };
  }
  return files;
}

function whole(flavor: Flavor, s: MailSnapshot, settings: RenderSettings): Record<string, string> {
  try {
    return renderHost(flavor, structuredClone(s), settings);
  } catch (error) {
    return { refused: error instanceof Error ? error.name : String(error) };
  }
}

const settingsWith = (mapShards: number): RenderSettings => ({ dovecot: DOVECOT, mapShards });

describe('a host rendered shard by shard from parts', () => {
  it.each<Flavor>(['postfix', 'sendmail'])(
    'writes what a whole render writes (%s, 400 random hosts with owners, 1-3 shards)',
    async (flavor) => {
      let refused = 0;
      let crossed = 0;
      for (let seed = 1; seed <= 400; seed += 1) {
        const s = { ...snapshotOf(randomRowsOf(seed)), host: { name: 'mx', flavor } };
        const settings = settingsWith((seed % 3) + 1);
        const expected = whole(flavor, s, settings);
        if ('refused' in expected) refused += 1;
        for (const chunk of [1, 2, 100]) {
          const reader = readerOf(s);
          expect(await inShards(flavor, s, settings, chunk, reader), `seed ${seed}, chunk ${chunk}`).toEqual(expected);
          // Chunks of one domain: a read beyond one per domain is a domain some verdict read from another chunk.
          if (chunk === 1 && reader.reads.length > s.domains.length) crossed += 1;
        }
      }
      // Most hosts are rendered, not refused; on Postfix many chunks read a domain of another chunk.
      expect(refused).toBeLessThan(400 * 0.5);
      if (flavor === 'postfix') expect(crossed).toBeGreaterThan(50);
      else expect(crossed).toBe(0);
    },
  );

  it.each<Flavor>(['postfix', 'sendmail'])(
    'writes what a whole render writes on classic and generated tenant hosts (%s)',
    async (flavor) => {
      for (let seed = 1; seed <= 300; seed += 1) {
        for (const s of [randomSnapshot(seed, flavor), randomTenantSnapshot(seed, flavor)]) {
          const settings = settingsWith((seed % 2) * 2 + 1);
          expect(await inShards(flavor, s, settings, 1), `seed ${seed}, version ${s.version}`).toEqual(whole(flavor, s, settings));
        }
      }
    },
  );

  it('reads each shard in chunks, and each domain once unless a Postfix verdict reads it from another chunk', async () => {
    const s = { ...snapshotOf(randomRowsOf(11)), host: { name: 'mx', flavor: 'sendmail' as const } };
    const reader = readerOf(s);
    await inShards('sendmail', s, settingsWith(2), 2, reader);
    expect(reader.reads.flat().sort()).toEqual([...s.domains].sort());
    expect(Math.max(...reader.reads.map((r) => r.length))).toBeLessThanOrEqual(2);
  });
});
