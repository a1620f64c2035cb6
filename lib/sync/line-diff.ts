// A line diff of two revisions of a published file, for the run page. Pure: text in, hunks out.
// Map files are sorted, so one change touches a few neighbouring lines of a possibly huge file: the common
// head and tail are cut first, and Myers' O((N+M)·D) algorithm runs on what is left. Past `maxEdits`
// differing lines the middle is reported as replaced wholesale instead (correct, just less precise), so a
// rewrite of a million-line map costs linear time and bounded memory.

export type DiffLine =
  | { kind: 'same'; text: string; oldNo: number; newNo: number }
  | { kind: 'del'; text: string; oldNo: number }
  | { kind: 'add'; text: string; newNo: number };

export interface Hunk {
  /** 1-based first line in the old and new text, as in a unified diff header. */
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}

export interface FileDiff {
  hunks: Hunk[];
  added: number;
  removed: number;
  /** Lines of changes left out after `maxLines` (the page shows the count instead). */
  omitted: number;
}

export interface DiffOptions {
  context?: number;
  maxLines?: number;
  maxEdits?: number;
}

/** "a\nb\n" → ["a", "b"]: a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function diffText(before: string, after: string, options: DiffOptions = {}): FileDiff {
  const { context = 3, maxLines = 2000, maxEdits = 2000 } = options;
  const middle = differingMiddle(before, after, context);
  const lines = diffLines(splitLines(middle.before), splitLines(middle.after), maxEdits).map((l) => shifted(l, middle.skipped));
  return diffOf(lines, context, maxLines);
}

/** The hunks and counts of a diff's lines (what diffText reports of them). */
export function diffOf(lines: DiffLine[], context = 3, maxLines = 2000): FileDiff {
  const added = lines.filter((l) => l.kind === 'add').length;
  const removed = lines.filter((l) => l.kind === 'del').length;
  const { hunks, omitted } = toHunks(lines, context, maxLines);
  return { hunks, added, removed, omitted };
}

// Texts are compared this many characters at a time, natively, before the one differing stretch is
// looked at character by character.
const CHUNK = 1 << 16;

/**
 * The part of two texts that differs, in whole lines, with `context` equal lines on either side, and how
 * many equal lines come before it (`skipped`). Found by comparing the texts themselves from both ends:
 * splitting a 45 MB map into 1.1 million lines twice to show one changed line cost the run page seconds
 * (docs/publishing.md, "Run history"). Between the equal ends is everything that differs, so diffing only
 * this middle gives the same hunks as diffing everything.
 */
export function differingMiddle(before: string, after: string, context: number): { before: string; after: string; skipped: number } {
  const shortest = Math.min(before.length, after.length);
  let p = 0;
  while (p + CHUNK <= shortest && before.slice(p, p + CHUNK) === after.slice(p, p + CHUNK)) p += CHUNK;
  while (p < shortest && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  // The equal tail may not reach back into the equal head: what lies between them is the change, and
  // the context lines after it are counted from its end.
  const room = shortest - p;
  // Back to the start of the line the first difference is in (the head is equal, so it is one in both),
  // then `context` lines more.
  let start = lineStart(before, p);
  for (let k = 0; k < context && start > 0; k++) start = lineStart(before, start - 1);
  let s = 0;
  while (
    s + CHUNK <= room &&
    before.slice(before.length - s - CHUNK, before.length - s) === after.slice(after.length - s - CHUNK, after.length - s)
  )
    s += CHUNK;
  while (s < room && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  // The tail must start a line in both texts: if it does not, it starts at the next line (inside the tail,
  // which is equal, so that is a line start in both). Then `context` lines later.
  let endA = before.length - s;
  let endB = after.length - s;
  const startsLine = (text: string, at: number) => at === 0 || text.charCodeAt(at - 1) === 10;
  for (let k = startsLine(before, endA) && startsLine(after, endB) ? 0 : -1; k < context && endA < before.length; k++) {
    const next = before.indexOf('\n', endA);
    const to = next < 0 ? before.length : next + 1;
    endB += to - endA;
    endA = to;
  }
  let skipped = 0;
  for (let i = before.indexOf('\n'); i >= 0 && i < start; i = before.indexOf('\n', i + 1)) skipped++;
  return { before: before.slice(start, endA), after: after.slice(start, endB), skipped };
}

/** The start of the line that holds position `at` (0 for the first line). */
function lineStart(text: string, at: number): number {
  return at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

function shifted(line: DiffLine, by: number): DiffLine {
  if (by === 0) return line;
  if (line.kind === 'same') return { ...line, oldNo: line.oldNo + by, newNo: line.newNo + by };
  return line.kind === 'del' ? { ...line, oldNo: line.oldNo + by } : { ...line, newNo: line.newNo + by };
}

/** Every line of both texts, in order, marked same, deleted or added. */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = 2000): DiffLine[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops = myers(midA, midB, maxEdits) ?? [...midA.map(() => 'del' as const), ...midB.map(() => 'add' as const)];

  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: 'same', text: a[i] ?? '', oldNo: i + 1, newNo: i + 1 });
  let i = head;
  let j = head;
  for (const op of ops) {
    if (op === 'same') out.push({ kind: 'same', text: a[i] ?? '', oldNo: ++i, newNo: ++j });
    else if (op === 'del') out.push({ kind: 'del', text: a[i] ?? '', oldNo: ++i });
    else out.push({ kind: 'add', text: b[j] ?? '', newNo: ++j });
  }
  for (let k = 0; k < tail; k++) out.push({ kind: 'same', text: a[i] ?? '', oldNo: ++i, newNo: ++j });
  return out;
}

type Op = 'same' | 'del' | 'add';

/**
 * Myers' greedy shortest edit script (as in his 1986 paper); null when it needs more than maxEdits
 * insertions and deletions. trace[d] keeps the furthest x reached on diagonals -(d+1)…d+1 before round d,
 * which is all the backtrack reads.
 */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): Op[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...a.map((): Op => 'del'), ...b.map((): Op => 'add')];
  const limit = Math.min(n + m, maxEdits);
  const off = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  v[off + 1] = 0;
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[off + k - 1] ?? 0) < (v[off + k + 1] ?? 0));
      let x = down ? (v[off + k + 1] ?? 0) : (v[off + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, m: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const snap = trace[d] ?? new Int32Array();
    const at = (k: number) => snap[k + d + 1] ?? 0;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('same');
      x--;
      y--;
    }
    if (d > 0) ops.push(x === prevX ? 'add' : 'del');
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

function toHunks(lines: DiffLine[], context: number, maxLines: number): { hunks: Hunk[]; omitted: number } {
  const hunks: Hunk[] = [];
  let shown = 0;
  let omitted = 0;
  let i = 0;
  while (i < lines.length) {
    if (lines[i]?.kind === 'same') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2·context unchanged lines.
    for (let gap = 0; end < lines.length; end++) {
      gap = lines[end]?.kind === 'same' ? gap + 1 : 0;
      if (gap > 2 * context) break;
    }
    end = Math.min(lines.length, end - Math.max(0, countTrailingSame(lines, end) - context));
    const slice = lines.slice(start, end);
    const changes = slice.filter((l) => l.kind !== 'same').length;
    if (shown + slice.length > maxLines) {
      omitted += changes;
    } else {
      shown += slice.length;
      hunks.push({ oldStart: firstNo(slice, 'old'), newStart: firstNo(slice, 'new'), lines: slice });
    }
    i = end;
  }
  return { hunks, omitted };
}

function countTrailingSame(lines: DiffLine[], end: number): number {
  let n = 0;
  while (end - 1 - n >= 0 && lines[end - 1 - n]?.kind === 'same') n++;
  return n;
}

function firstNo(slice: DiffLine[], side: 'old' | 'new'): number {
  for (const l of slice) {
    if (side === 'old' && 'oldNo' in l) return l.oldNo;
    if (side === 'new' && 'newNo' in l) return l.newNo;
  }
  // A hunk with no line on this side (pure insertion at the start): the line before it, as diff -u does.
  const other = slice[0];
  return other && 'oldNo' in other ? other.oldNo - 1 : 0;
}

/**
 * A diff as the run history stored it (JSON of a FileDiff), checked line by line; null for anything else,
 * which the run page then reports as not kept rather than show something it cannot vouch for.
 */
export function parseStoredDiff(stored: unknown): FileDiff | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const { hunks, added, removed, omitted } = stored as Record<string, unknown>;
  const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!Array.isArray(hunks) || !count(added) || !count(removed) || !count(omitted)) return null;
  const lineOk = (l: unknown) => {
    if (typeof l !== 'object' || l === null) return false;
    const { kind, text, oldNo, newNo } = l as Record<string, unknown>;
    if (typeof text !== 'string') return false;
    if (kind === 'same') return count(oldNo) && count(newNo);
    if (kind === 'del') return count(oldNo) && newNo === undefined;
    return kind === 'add' && count(newNo) && oldNo === undefined;
  };
  const hunkOk = (h: unknown) => {
    if (typeof h !== 'object' || h === null) return false;
    const { oldStart, newStart, lines } = h as Record<string, unknown>;
    return count(oldStart) && count(newStart) && Array.isArray(lines) && lines.every(lineOk);
  };
  return hunks.every(hunkOk) ? (stored as FileDiff) : null;
}
