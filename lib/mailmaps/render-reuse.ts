import { lowerBound } from '../mail/lower-bound';
import { patchedFrom } from '../mail/patch-lineage';
import type { MailSnapshot } from '../mail/snapshot';
import { compileHostView } from '../mail/tenancy';
import { compareText } from './common';

// A render that follows the patch (docs/decisions/0011, step 4): a snapshot patched from another
// (lib/mail/snapshot-patch.ts) is rendered from the older one's rendered pieces, with only the pieces the
// patch can change made again — at a million addresses a whole render was 5-9 s of every publish. Each
// renderer keeps its pieces (per domain, per name) in a memo beside the snapshot; the whole render is the
// same pieces made for every domain and name, so both paths write the same bytes by construction, and
// lib/mailmaps/render-reuse.test.ts compares them over random chains of patches.

/** What a patch changed, in the host view's words, and the memo of the snapshot it was patched from. */
export interface RenderChange<M> {
  memo: M;
  /** The older snapshot (its domain list tells whether the set of domains changed). */
  from: MailSnapshot;
  /** Domains whose row or virtmaps the patch replaced (on either side). */
  domains: ReadonlySet<string>;
  /** Host names of the accounts and aliases the patch replaced. */
  names: ReadonlySet<string>;
  /** The replaced objects' host views, as they were and are (with the touched domains' implicit entries). */
  before: MailSnapshot;
  after: MailSnapshot;
}

/** How often a patch was rendered, and declined for a whole render (what the tests read). */
export const renderPaths = { patched: 0, declined: 0 };

/** A file of a render made final before the render ends: its name and text. */
export type RenderedFile = readonly [name: string, text: string];

/**
 * What a render in steps hands over: a file whose text is final, or `null`, a pause it makes every
 * RENDER_SLICE domains so its caller can let other work run (the writes and builds of the files already
 * handed over).
 */
export type RenderStep = RenderedFile | null;

/** How many domains a whole render makes between two pauses (some 10-30 ms of work at a million addresses). */
export const RENDER_SLICE = 256;

/**
 * The memo for `given`: kept, patched from its origin's (which it takes over: the pieces are updated in
 * place, so the origin's memo is dropped), or made whole. A patch that meets anything it cannot promise
 * (a check that fails, a name held twice) throws; the whole render then runs and says exactly what.
 */
export function renderedMemo<M>(
  memos: WeakMap<MailSnapshot, M>,
  given: MailSnapshot,
  whole: (given: MailSnapshot) => M,
  patch: (given: MailSnapshot, change: RenderChange<M>) => M,
): M {
  return drain(
    renderedMemoSteps(
      memos,
      given,
      function* (g) {
        return whole(g);
      },
      patch,
    ),
  );
}

/**
 * renderedMemo whose whole render hands over each file as soon as its text is final (a full publish
 * builds the first shards while the render makes the rest: docs/publishing.md, "A full publish in
 * steps"). A memo kept or patched yields nothing: its files are all made at once, in milliseconds. The
 * memo is kept only once the whole render has run to its end.
 */
export function* renderedMemoSteps<M>(
  memos: WeakMap<MailSnapshot, M>,
  given: MailSnapshot,
  whole: (given: MailSnapshot) => Generator<RenderStep, M, void>,
  patch: (given: MailSnapshot, change: RenderChange<M>) => M,
): Generator<RenderStep, M, void> {
  const known = memos.get(given);
  if (known) return known;
  const lineage = patchedFrom(given);
  const from = lineage?.from();
  const memo = from && memos.get(from);
  let made: M | undefined;
  if (lineage && from && memo !== undefined) {
    memos.delete(from);
    try {
      made = patch(given, {
        memo,
        from,
        domains: lineage.domains,
        names: lineage.names,
        before: compileHostView(lineage.parts.before, true),
        after: compileHostView(lineage.parts.after, true),
      });
    } catch {
      made = undefined;
    }
  }
  if (made === undefined) {
    if (lineage && from && memo !== undefined) renderPaths.declined += 1;
    made = yield* whole(given);
  } else renderPaths.patched += 1;
  memos.set(given, made);
  return made;
}

/** Runs steps to their end: what they return. */
export function drain<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The lines of a file kept as blocks under a key (a name, an account), in the order of each block's sort
 * text: a block replaced costs a binary search, the file's text is joined once per render.
 */
export class SortedBlocks {
  private readonly byKey = new Map<string, { sort: string; text: string }>();
  private order: string[] = [];
  private readonly bySort = new Map<string, string>();
  private joined: string | undefined;

  static of(blocks: Iterable<{ key: string; sort: string; text: string }>): SortedBlocks {
    const made = new SortedBlocks();
    for (const b of blocks) {
      made.byKey.set(b.key, { sort: b.sort, text: b.text });
      made.bySort.set(b.sort, b.text);
    }
    made.order = [...made.bySort.keys()];
    // Most lists come in order already (checked in one pass instead of sorted again).
    if (made.order.some((sort, i) => i > 0 && compareText(made.order[i - 1] as string, sort) > 0)) made.order.sort(compareText);
    return made;
  }

  /** Puts `block` under `key` in its place, or removes the key's block. */
  put(key: string, block: { sort: string; text: string } | undefined): void {
    const old = this.byKey.get(key);
    if (old) {
      this.order.splice(this.position(old.sort), 1);
      this.bySort.delete(old.sort);
      this.byKey.delete(key);
    }
    if (block) {
      if (this.bySort.has(block.sort)) throw new Error(`two blocks sort as ${JSON.stringify(block.sort)}`);
      this.order.splice(this.position(block.sort), 0, block.sort);
      this.bySort.set(block.sort, block.text);
      this.byKey.set(key, block);
    }
    this.joined = undefined;
  }

  text(): string {
    this.joined ??= this.order.map((s) => this.bySort.get(s) as string).join('');
    return this.joined;
  }

  private position(sort: string): number {
    return lowerBound(this.order, (s) => compareText(s, sort) < 0);
  }
}

/** Lines as a block of text: each ends in "\n". */
export const linesText = (lines: readonly string[]): string => lines.map((line) => `${line}\n`).join('');

/**
 * How many objects of a list hold each name, patched by the replaced objects: a memo exists only where
 * every name was held once, so a count above one means the render must fail (the whole render says how).
 */
export function patchCounts(counts: Map<string, number>, before: readonly { name: string }[], after: readonly { name: string }[]): void {
  for (const x of before) {
    const n = (counts.get(x.name) ?? 0) - 1;
    if (n <= 0) counts.delete(x.name);
    else counts.set(x.name, n);
  }
  for (const x of after) {
    const n = (counts.get(x.name) ?? 0) + 1;
    if (n > 1) throw new Error(`${x.name} held twice`);
    counts.set(x.name, n);
  }
}

export function countNames(list: readonly { name: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const x of list) counts.set(x.name, (counts.get(x.name) ?? 0) + 1);
  return counts;
}
