import { describe, expect, it } from 'vitest';
import { randomSnapshot, randomTenantSnapshot } from '@/tests/support/random-snapshot';
import type { Flavor, MailSnapshot } from '../mail/snapshot';
import { shardBase } from '../mail/map-shards';
import { RENDER_SLICE, type RenderStep } from '../mailmaps/render-reuse';
import { hostFileSteps, renderFiles, renderHost, type RenderSettings } from './render-host';

// A host rendered whole hands each file over as soon as its text is final (lib/sync/render-host.ts,
// hostFileSteps), so the publisher builds the first shards while the render makes the rest. What it hands
// over must be exactly the files a render in one piece writes: each once, with its final text, none
// missing; and a shard's files must come before the render's end, or nothing is gained.

const DOVECOT = { uid: 5000, gid: 5000, homeBase: '/var/mail/vhosts' };
const settings = (mapShards: number): RenderSettings => ({ dovecot: { ...DOVECOT, passwdGroup: 'dovecot' }, mapShards });

function steps(flavor: Flavor, snapshot: MailSnapshot, shards: number): RenderStep[] {
  return [...hostFileSteps(flavor, snapshot, settings(shards))];
}

/** The same host, read again: a copy that shares nothing with the first, so no render of it is kept. */
const copy = (s: MailSnapshot) => structuredClone(s);

describe('a whole render in steps', () => {
  for (const flavor of ['postfix', 'sendmail'] as const) {
    for (const shards of [1, 3]) {
      it(`hands over every ${flavor} file once, with the text a render in one piece writes (${shards} shard${shards > 1 ? 's' : ''}, 60 hosts)`, () => {
        for (let seed = 1; seed <= 60; seed++) {
          const snapshot = seed % 2 ? randomSnapshot(seed, flavor) : randomTenantSnapshot(seed, flavor);
          const handed = steps(flavor, snapshot, shards).filter((s) => s !== null);
          const names = handed.map(([name]) => name);
          expect(new Set(names).size, 'no file twice').toBe(names.length);
          const whole = {
            ...renderFiles(flavor, copy(snapshot), DOVECOT, shards),
            ...renderFiles('dovecot', copy(snapshot), DOVECOT),
          };
          expect(Object.fromEntries(handed)).toEqual(whole);
          // A render already made (kept beside its snapshot) hands over the same files again.
          expect(renderHost(flavor, snapshot, settings(shards))).toEqual(whole);
        }
      });
    }

    it(`hands over ${flavor}'s first shards before it makes the last, and pauses while it makes a big one`, () => {
      const snapshot = randomSnapshot(7, flavor);
      const many: MailSnapshot = {
        ...snapshot,
        domains: [...snapshot.domains, ...Array.from({ length: 8 * RENDER_SLICE }, (_, i) => `bulk${i}.example`)].sort(),
      };
      const all = steps(flavor, many, 4);
      const lastFile = all.findLastIndex((s) => s !== null);
      const firstShard = all.findIndex((s) => s !== null && shardBase(s[0]) !== s[0]);
      expect(firstShard, 'a shard before the last file').toBeGreaterThan(-1);
      expect(firstShard).toBeLessThan(lastFile);
      // Between the first shard and the last file, the render paused (a null) at least once per slice.
      const pauses = all.slice(firstShard, lastFile).filter((s) => s === null).length;
      expect(pauses).toBeGreaterThanOrEqual(2);
    });
  }

  it('refuses as the render in one piece does: the failure comes as the steps are taken', () => {
    const snapshot = randomSnapshot(3, 'postfix');
    const bad: MailSnapshot = { ...snapshot, domains: [...snapshot.domains, 'Not A Domain'] };
    expect(() => renderFiles('postfix', copy(bad), DOVECOT, 3)).toThrow(/not a lower-case A-label/);
    expect(() => steps('postfix', bad, 3)).toThrow(/not a lower-case A-label/);
  });
});
