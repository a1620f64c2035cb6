import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/tests/support/random-snapshot';
import { applyEdit, spliced } from './patch-lineage';

// The list edits a patched snapshot and its host view are made with (lib/mail/snapshot-patch.ts,
// lib/mail/tenancy.ts): a copy with the elements replaced in place where every edit puts back as many as it
// takes out, else one pass that writes the kept runs and the added elements. Both must give what the plain
// reading of an edit gives, element for element.

/** The plain reading: each old element kept unless dropped, each added one before the old element of its mark. */
function naive<T>(list: readonly T[], dropped: ReadonlySet<number>, marks: readonly number[], add: readonly T[]): T[] {
  const out: T[] = [];
  let k = 0;
  for (let i = 0; i <= list.length; i += 1) {
    while (k < marks.length && marks[k] === i) out.push(add[k++] as T);
    if (i < list.length && !dropped.has(i)) out.push(list[i] as T);
  }
  return out;
}

describe('spliced and applyEdit', () => {
  it.each([
    ['a few edits', 5, false],
    ['many edits', 300, false],
    ['each run replaced by as many (in place)', 5, true],
    ['many runs replaced by as many (in place)', 300, true],
  ])('give the plain reading of random edits: %s', (_, edits, inPlace) => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = seededRandom(seed);
      const int = (n: number) => Math.floor(random() * n);
      const list = Array.from({ length: 50 + int(2000) }, (_, i) => `x${i}`);
      const dropped = new Set<number>();
      const runs: [number, number][] = [];
      for (let r = 0; r < int(edits); r += 1) {
        const from = int(list.length);
        const to = Math.min(list.length, from + 1 + int(4));
        runs.push([from, to]);
      }
      // Apart and ascending, as the callers give them.
      const merged: [number, number][] = [];
      for (const [from, to] of runs.sort((x, y) => x[0] - y[0])) {
        const last = merged[merged.length - 1];
        if (last && from <= last[1]) last[1] = Math.max(last[1], to);
        else merged.push([from, to]);
      }
      for (const [from, to] of merged) for (let i = from; i < to; i += 1) dropped.add(i);
      const marks = inPlace
        ? merged.flatMap(([from, to]) => Array.from({ length: to - from }, () => from))
        : Array.from({ length: int(edits) }, () => int(list.length + 1)).sort((x, y) => x - y);
      const add = marks.map((m, k) => `new${k}@${m}`);
      const expected = naive(list, dropped, marks, add);
      // Merged runs may touch ([1,3) then [3,5)): spliced takes runs apart, so join those first.
      const apart = merged.reduce<[number, number][]>((out, run) => {
        const last = out[out.length - 1];
        if (last && last[1] === run[0]) last[1] = run[1];
        else out.push([...run]);
        return out;
      }, []);
      expect(spliced(list, apart, marks, add), `seed ${seed}`).toEqual(expected);
      expect(applyEdit(list, { dropped: [...dropped].sort((x, y) => x - y), marks }, add), `seed ${seed}`).toEqual(expected);
    }
  });
});
