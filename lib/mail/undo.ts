// Whether one change from an object's history can be undone, and by what change. Pure: the data layer
// (lib/data/undo-change.ts) reads the object as it is now and runs the step through the same data
// functions, review and confirmation as the edit forms.
//
// An undo is safe only when nothing happened since: an edit is reverted to its `before` only while the
// object still holds the entry's `after`; a creation is undone by deleting only while the object is as
// created; a deletion of an alias or address is undone by creating it again only while its name is free.

export type Fields = Record<string, unknown>;

/** One audit event, as recorded: `details.before` / `details.after` hold the editable fields it changed. */
export interface UndoEntry {
  action: string;
  targetType: string;
  details: unknown;
}

export interface UndoWorld {
  /** The object's editable fields now (lib/data/undo-change.ts), or null when it no longer exists. */
  current: Fields | null;
  /** For a deleted object: whether its name (an alias's) or address (a virtmap's key) is still free. */
  nameFree: boolean;
  /** For a deleted object: its domain or mail host is gone (or out of the actor's reach) since. */
  placeGone?: boolean;
}

export type UndoStep =
  /** Set these fields back (an edit, or a toggle). */
  | { kind: 'set'; fields: Fields }
  /** Delete the object again (undoes its creation). */
  | { kind: 'delete' }
  /** Create the object again with these fields (undoes its deletion). */
  | { kind: 'recreate'; fields: Fields };

export type UndoDecision =
  | { ok: true; step: UndoStep; /** What the undo changes, field by field: now → after the undo. */ from: Fields; to: Fields }
  | { ok: false; reason: string };

const EDITS = new Set(['update', 'enable', 'disable', 'strict', 'open']);
const KINDS = new Set(['alias', 'virtmap', 'account', 'domain']);
// A deleted alias or address is only a name and where it sent mail; a mailbox or a domain is much more.
const RECREATABLE = new Set(['alias', 'virtmap']);
const DELETABLE = new Set(['alias', 'virtmap', 'account']);

export const UNDO_REASONS = {
  kind: 'Changes of this kind cannot be undone here.',
  unrecorded: 'This change did not record what was there before, so it cannot be undone.',
  password: 'A password cannot be put back: choose a new one instead.',
  nothing: 'Nothing this change did can be put back.',
  changedSince: 'Changed since: undo the later changes first.',
  gone: 'It has been deleted since.',
  exists: 'It exists again.',
  taken: 'The address is taken now.',
  placeGone: 'Its domain or mail host is gone.',
  deleted: 'A deleted mailbox or domain cannot be brought back.',
  created: 'Undo does not delete domains.',
} as const;

export function decideUndo(entry: UndoEntry, world: UndoWorld): UndoDecision {
  const [, verb = ''] = entry.action.split('.');
  const details = asObject(entry.details);
  const before = details.before === undefined ? null : asObject(details.before);
  const after = details.after === undefined ? null : asObject(details.after);
  if (!KINDS.has(entry.targetType)) return no('kind');
  if (details.passwordChanged === true) return no('password');
  if (verb === 'create') {
    if (!DELETABLE.has(entry.targetType)) return no('created');
    if (!after) return no('unrecorded');
    if (!world.current) return no('gone');
    if (!same(after, world.current)) return no('changedSince');
    return { ok: true, step: { kind: 'delete' }, from: after, to: {} };
  }
  if (verb === 'delete') {
    if (!RECREATABLE.has(entry.targetType)) return no('deleted');
    if (!before) return no('unrecorded');
    if (world.current) return no('exists');
    if (world.placeGone) return no('placeGone');
    if (!world.nameFree) return no('taken');
    return { ok: true, step: { kind: 'recreate', fields: before }, from: {}, to: before };
  }
  if (!EDITS.has(verb)) return no('kind');
  if (!before || !after) return no('unrecorded');
  if (Object.keys(after).length === 0) return no('nothing');
  if (!world.current) return no('gone');
  if (!same(after, world.current)) return no('changedSince');
  return { ok: true, step: { kind: 'set', fields: before }, from: after, to: before };
}

/** Every field of `expected` holds the same value in `actual`. */
function same(expected: Fields, actual: Fields): boolean {
  return Object.keys(expected).every((key) => JSON.stringify(expected[key]) === JSON.stringify(actual[key]));
}

const no = (reason: keyof typeof UNDO_REASONS): UndoDecision => ({ ok: false, reason: UNDO_REASONS[reason] });

function asObject(value: unknown): Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {};
}
