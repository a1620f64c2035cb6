import { describe, expect, it } from 'vitest';
import { diffLines, diffOf, diffText, differingMiddle, parseStoredDiff, splitLines } from './line-diff';

/** Rebuilds both sides from the diff: a diff that loses or invents a line fails here. */
function sides(lines: ReturnType<typeof diffLines>) {
  return {
    before: lines.filter((l) => l.kind !== 'add').map((l) => l.text),
    after: lines.filter((l) => l.kind !== 'del').map((l) => l.text),
    edits: lines.filter((l) => l.kind !== 'same').length,
  };
}

function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
    }
  }
  return t[a.length]![b.length]!;
}

describe('splitLines', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\nb\n', ['a', 'b']],
    ['a\n\n', ['a', '']],
  ])('%j', (text, lines) => {
    expect(splitLines(text)).toEqual(lines);
  });
});

describe('diffLines', () => {
  it.each([
    { name: 'identical', a: 'x y z', b: 'x y z', edits: 0 },
    { name: 'one line changed', a: 'a b c', b: 'a B c', edits: 2 },
    { name: 'insert at start', a: 'b c', b: 'a b c', edits: 1 },
    { name: 'delete at end', a: 'a b c', b: 'a b', edits: 1 },
    { name: 'from nothing', a: '', b: 'a b', edits: 2 },
    { name: 'to nothing', a: 'a b', b: '', edits: 2 },
    { name: 'interleaved', a: 'a b c a b b a', b: 'c b a b a c', edits: 5 },
  ])('$name', ({ a, b, edits }) => {
    const before = a ? a.split(' ') : [];
    const after = b ? b.split(' ') : [];
    const result = sides(diffLines(before, after));
    expect(result.before).toEqual(before);
    expect(result.after).toEqual(after);
    expect(result.edits).toBe(edits);
  });

  it('finds a shortest edit script on random inputs', () => {
    let seed = 7;
    // A 32-bit LCG's high bits: (seed * 1103515245) in doubles loses the low bits, and the low bits of an
    // LCG cycle fast, so `seed % n` was 0 most of the time.
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]!);
      const b = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]!);
      const result = sides(diffLines(a, b));
      expect(result.before).toEqual(a);
      expect(result.after).toEqual(b);
      expect(result.edits).toBe(a.length + b.length - 2 * lcs(a, b));
    }
  });

  it('falls back to replacing the middle past maxEdits, still exact', () => {
    const a = Array.from({ length: 50 }, (_, i) => `old${i}`);
    const b = Array.from({ length: 50 }, (_, i) => `new${i}`);
    const result = sides(diffLines(['head', ...a, 'tail'], ['head', ...b, 'tail'], 10));
    expect(result.before).toEqual(['head', ...a, 'tail']);
    expect(result.after).toEqual(['head', ...b, 'tail']);
    expect(result.edits).toBe(100);
  });

  // A quadratic diff would take minutes here and hit the test's timeout; its speed is not asserted.
  it('finds the few changes in a large sorted map', () => {
    const a = Array.from({ length: 200_000 }, (_, i) => `user${i}@d${i % 1000}.example\tuser${i}`);
    const b = [...a];
    b.splice(1000, 1);
    b.splice(150_000, 0, 'new@d1.example\tnew');
    b[190_000] = 'changed@d2.example\tchanged';
    const diff = diffText(a.join('\n') + '\n', b.join('\n') + '\n');
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(2);
  });
});

describe('diffText hunks', () => {
  it('groups changes with context and line numbers like diff -u', () => {
    const before = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\nl13\nl14\nl15\nl16\n';
    const after = 'l1\nl2\nl3\nl4\nL5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\nl13\nl14\nl15\nl16\nl17\n';
    const diff = diffText(before, after, { context: 2 });
    expect(diff).toMatchObject({ added: 2, removed: 1, omitted: 0 });
    expect(diff.hunks.map((h) => [h.oldStart, h.newStart, h.lines.map((l) => `${l.kind[0]}${l.text}`)])).toEqual([
      [3, 3, ['sl3', 'sl4', 'dl5', 'aL5', 'sl6', 'sl7']],
      [15, 15, ['sl15', 'sl16', 'al17']],
    ]);
  });

  it('merges changes closer than twice the context', () => {
    const diff = diffText('a\nb\nc\nd\ne\n', 'A\nb\nc\nd\nE\n', { context: 2 });
    expect(diff.hunks).toHaveLength(1);
  });

  it('counts what it leaves out past maxLines', () => {
    const before = Array.from({ length: 100 }, (_, i) => `x${i}`).join('\n');
    const after = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? `y${i}` : `x${i}`)).join('\n');
    const diff = diffText(before, after, { context: 1, maxLines: 12 });
    expect(diff.hunks.length).toBeLessThan(10);
    expect(diff.omitted).toBeGreaterThan(0);
    expect(diff.added).toBe(10);
  });
});

describe('diffText on the differing middle only', () => {
  /** The whole-text diff the middle must reproduce: every line split and diffed. */
  const whole = (a: string, b: string, context: number) => diffOf(diffLines(splitLines(a), splitLines(b)), context);

  it('gives the hunks of the whole-text diff, on random texts (line ends, empty lines, no final newline)', () => {
    let seed = 11;
    // A 32-bit LCG's high bits: (seed * 1103515245) in doubles loses the low bits, and the low bits of an
    // LCG cycle fast, so `seed % n` was 0 most of the time.
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
    const pieces = ['a', 'b', 'ab', '', 'ba', 'aa', 'a\r', '\u{1F600}', 'b\u{1F600}'];
    const text = (lines: number) => Array.from({ length: lines }, () => pieces[rnd(pieces.length)]).join('\n') + (rnd(2) ? '\n' : '');
    const edit = (t: string) => {
      const chars = [...t];
      for (let e = rnd(4); e >= 0; e--) {
        const at = rnd(chars.length + 1);
        if (rnd(2)) chars.splice(at, 1);
        else chars.splice(at, 0, ['a', 'b', '\n', '\r', '\u{1F600}'][rnd(5)]!);
      }
      return chars.join('');
    };
    for (let i = 0; i < 3000; i++) {
      const a = text(rnd(12));
      const b = rnd(5) ? edit(a) : text(rnd(12));
      const context = rnd(6);
      expect(diffText(a, b, { context }), JSON.stringify([a, b, context])).toEqual(whole(a, b, context));
    }
  });

  it('splits only the changed lines and their context out of a big map', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `user${i}@d${i % 5000}.example\tu${i}`);
    const before = lines.join('\n') + '\n';
    const after = before.replace('user123456@', 'user123456x@');
    const middle = differingMiddle(before, after, 3);
    expect(splitLines(middle.before)).toHaveLength(7);
    expect(middle.skipped).toBe(123_453);
    const diff = diffText(before, after);
    expect(diff.hunks.map((h) => [h.oldStart, h.newStart])).toEqual([[123_454, 123_454]]);
    expect(diff).toMatchObject({ added: 1, removed: 1 });
  });
});

describe('parseStoredDiff', () => {
  it('reads back what a diff stored as JSON was', () => {
    const diff = diffText('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(parseStoredDiff(JSON.parse(JSON.stringify(diff)))).toEqual(diff);
  });

  it.each<[string, unknown]>([
    ['nothing', null],
    ['text', 'a diff'],
    ['no hunks', { added: 0, removed: 0, omitted: 0 }],
    ['a negative count', { hunks: [], added: -1, removed: 0, omitted: 0 }],
    [
      'a line of no kind',
      { hunks: [{ oldStart: 1, newStart: 1, lines: [{ kind: 'x', text: 'a', oldNo: 1 }] }], added: 0, removed: 0, omitted: 0 },
    ],
    [
      'a line without text',
      { hunks: [{ oldStart: 1, newStart: 1, lines: [{ kind: 'add', newNo: 1 }] }], added: 1, removed: 0, omitted: 0 },
    ],
  ])('refuses %s', (_, stored) => {
    expect(parseStoredDiff(stored)).toBeNull();
  });
});
