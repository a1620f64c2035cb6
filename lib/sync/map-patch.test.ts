import { describe, expect, it } from 'vitest';
import { mapPatch, type MapPatch } from './map-patch';
import { parseEntries } from './publish-layout';

// What a tool holds after the patch: the old text's entries, then the removals and the puts.
function applied(before: string, patch: MapPatch, role: 'map' | 'aliases'): Map<string, string> {
  const held = new Map(parseEntries(before, role).map((e) => [e.key, e.value]));
  for (const key of patch.remove) held.delete(key);
  for (const entry of patch.put) held.set(entry.key, entry.value);
  return held;
}

const built = (text: string, role: 'map' | 'aliases') => new Map(parseEntries(text, role).map((e) => [e.key, e.value]));

describe('mapPatch', () => {
  it('gives the changed, added and removed entries of a map', () => {
    const before = 'a@x.com\tjoe\nb@x.com\tmary\nc@x.com\terror:nouser 550 Gone\n';
    const after = 'a@x.com\tjoe\nb@x.com\tzoe\nd@x.com\tjoe\n';
    expect(mapPatch(before, after, 'map')).toEqual({
      put: [
        { key: 'b@x.com', value: 'zoe', line: 'b@x.com\tzoe' },
        { key: 'd@x.com', value: 'joe', line: 'd@x.com\tjoe' },
      ],
      remove: ['c@x.com'],
    });
  });

  it('reads aliases as "name: targets"', () => {
    const patch = mapPatch('sales: joe, mary\nteam: joe\n', 'sales: joe\nteam: joe\noffice: zoe\n', 'aliases');
    expect(patch).toEqual({
      put: [
        { key: 'sales', value: 'joe', line: 'sales: joe' },
        { key: 'office', value: 'zoe', line: 'office: zoe' },
      ],
      remove: [],
    });
  });

  it('is empty where only comments or the order of lines changed', () => {
    expect(mapPatch('# one\na x\nb y\n', '# two\nb y\na x\n', 'map')).toEqual({ put: [], remove: [] });
  });

  it('refuses what a build would read differently from a patch', () => {
    // A wrapped entry: the changed line is not the line that holds the key.
    expect(mapPatch('a x\n  more\nb y\n', 'a x\n  less\nb y\n', 'map')).toBeNull();
    // An added key that the unchanged part already holds: a build refuses the duplicate.
    expect(mapPatch('a x\nb y\n', 'a x\nb y\na z\n', 'map')).toBeNull();
    expect(mapPatch('team: a\nb: c\n', 'team: a\nb: c\nteam: d\n', 'aliases')).toBeNull();
    // The same key added twice.
    expect(mapPatch('a x\n', 'a x\nb y\nb z\n', 'map')).toBeNull();
    // A key in upper case: the tools fold it, the text search would not.
    expect(mapPatch('a x\n', 'a x\nB y\n', 'map')).toBeNull();
    // An added key that the unchanged part holds in another case: the tools fold both to one key.
    expect(mapPatch('K@x.com old\nb y\n', 'K@x.com old\nb y\nk@x.com new\n', 'map')).toBeNull();
    const many = Array.from({ length: 20 }, (_, i) => `n${i} v\n`).join('');
    expect(mapPatch('K@x.com old\n', `K@x.com old\n${many}k@x.com new\n`, 'map')).toBeNull();
    // A line without a value.
    expect(mapPatch('a x\n', 'a x\nb\n', 'map')).toBeNull();
  });

  it('does not take a key for another that it begins ("a" is not "ab")', () => {
    expect(mapPatch('ab x\nb y\n', 'ab x\nb y\na z\n', 'map')).toEqual({ put: [{ key: 'a', value: 'z', line: 'a z' }], remove: [] });
    expect(mapPatch('a: b\n', 'a: b\na-b: c\n', 'aliases')?.put.map((e) => e.key)).toEqual(['a-b']);
  });

  it('on random edits, the patched entries are exactly the new text’s, or it refuses only for a reason above', () => {
    let seed = 0x2f6b_1d3a;
    // An LCG's high bits (its low bits barely vary).
    const next = (n: number) => {
      seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
      return Math.floor(((seed >>> 8) / 0x100_0000) * n);
    };
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}@d${i % 7}.example`);
    let patched = 0;
    for (let round = 0; round < 400; round++) {
      const role = round % 3 === 0 ? 'aliases' : 'map';
      const line = (key: string, value: string) => (role === 'aliases' ? `${key}: ${value}` : `${key}\t${value}`);
      const held = new Map<string, string>();
      for (const key of keys) if (next(3) > 0) held.set(key, `v${next(5)}`);
      const text = (m: Map<string, string>) => [...m].map(([k, v]) => line(k, v)).join('\n') + '\n';
      const before = text(held);
      for (let edits = 1 + next(6); edits > 0; edits--) {
        const key = keys[next(keys.length)]!;
        if (next(3) === 0) held.delete(key);
        else held.set(key, `v${next(5)}`);
      }
      let after = text(held);
      if (next(10) === 0) after = after.replace(/^.*\n/, (first) => `${first}${first}`); // a duplicate line
      const patch = mapPatch(before, after, role);
      if (patch === null) {
        expect(after.split('\n').length, `round ${round}: refused only for a duplicate`).toBeGreaterThan(held.size + 1);
        continue;
      }
      patched++;
      expect(applied(before, patch, role), `round ${round}`).toEqual(built(after, role));
    }
    expect(patched).toBeGreaterThan(300);
  });
});
