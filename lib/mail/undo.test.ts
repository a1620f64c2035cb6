import { describe, expect, it } from 'vitest';
import { decideUndo, UNDO_REASONS, type UndoDecision, type UndoEntry, type UndoWorld } from './undo';

const aliasEdit: UndoEntry = {
  action: 'alias.update',
  targetType: 'alias',
  details: { name: 'sales', targets: ['bob'], before: { targets: ['joe'] }, after: { targets: ['bob'] } },
};
const world = (current: UndoWorld['current'], nameFree = true): UndoWorld => ({ current, nameFree });

const cases: [string, UndoEntry, UndoWorld, UndoDecision][] = [
  [
    'an edit whose object still holds its after is set back to before',
    aliasEdit,
    world({ targets: ['bob'] }),
    { ok: true, step: { kind: 'set', fields: { targets: ['joe'] } }, from: { targets: ['bob'] }, to: { targets: ['joe'] } },
  ],
  ['an edit changed since is not undone', aliasEdit, world({ targets: ['ann'] }), { ok: false, reason: UNDO_REASONS.changedSince }],
  [
    'targets in another order are a change',
    aliasEdit,
    world({ targets: ['bob', 'joe'] }),
    { ok: false, reason: UNDO_REASONS.changedSince },
  ],
  ['an edit of an object deleted since', aliasEdit, world(null), { ok: false, reason: UNDO_REASONS.gone }],
  [
    'an edit recorded before undo existed',
    { action: 'alias.update', targetType: 'alias', details: { name: 'sales', targets: ['bob'] } },
    world({ targets: ['bob'] }),
    { ok: false, reason: UNDO_REASONS.unrecorded },
  ],
  [
    'an edit that changed nothing undoable (only the login)',
    { action: 'account.update', targetType: 'account', details: { before: {}, after: {}, login: 'a@b.example' } },
    world({ quotaMb: 100, enabled: true }),
    { ok: false, reason: UNDO_REASONS.nothing },
  ],
  [
    'a password change cannot be put back',
    { action: 'account.update', targetType: 'account', details: { passwordChanged: true, before: { quotaMb: 1 }, after: { quotaMb: 2 } } },
    world({ quotaMb: 2, enabled: true }),
    { ok: false, reason: UNDO_REASONS.password },
  ],
  [
    'an account edit compares only the fields it changed',
    { action: 'account.update', targetType: 'account', details: { before: { quotaMb: 100 }, after: { quotaMb: 200 } } },
    world({ quotaMb: 200, enabled: false }),
    { ok: true, step: { kind: 'set', fields: { quotaMb: 100 } }, from: { quotaMb: 200 }, to: { quotaMb: 100 } },
  ],
  [
    'a domain disabled is enabled again',
    {
      action: 'domain.disable',
      targetType: 'domain',
      details: { name: 'x.example', before: { enabled: true }, after: { enabled: false } },
    },
    world({ enabled: false, strict: false }),
    { ok: true, step: { kind: 'set', fields: { enabled: true } }, from: { enabled: false }, to: { enabled: true } },
  ],
  [
    'a domain disabled and enabled again since',
    { action: 'domain.disable', targetType: 'domain', details: { before: { enabled: true }, after: { enabled: false } } },
    world({ enabled: true, strict: false }),
    { ok: false, reason: UNDO_REASONS.changedSince },
  ],
  [
    'a creation unchanged since is undone by deleting',
    { action: 'virtmap.create', targetType: 'virtmap', details: { key: 'a@x.example', after: { target: 'joe' } } },
    world({ target: 'joe' }),
    { ok: true, step: { kind: 'delete' }, from: { target: 'joe' }, to: {} },
  ],
  [
    'a creation changed since',
    { action: 'virtmap.create', targetType: 'virtmap', details: { after: { target: 'joe' } } },
    world({ target: 'ann' }),
    { ok: false, reason: UNDO_REASONS.changedSince },
  ],
  [
    'a creation deleted since',
    { action: 'account.create', targetType: 'account', details: { after: { quotaMb: 100, enabled: true } } },
    world(null),
    { ok: false, reason: UNDO_REASONS.gone },
  ],
  [
    'a new domain is not deleted by undo',
    { action: 'domain.create', targetType: 'domain', details: { name: 'x.example' } },
    world({ enabled: true, strict: false }),
    { ok: false, reason: UNDO_REASONS.created },
  ],
  [
    'a deleted alias whose name is free is created again',
    { action: 'alias.delete', targetType: 'alias', details: { name: 'sales', before: { targets: ['joe'] } } },
    world(null),
    { ok: true, step: { kind: 'recreate', fields: { targets: ['joe'] } }, from: {}, to: { targets: ['joe'] } },
  ],
  [
    'a deleted address that is taken again',
    { action: 'virtmap.delete', targetType: 'virtmap', details: { key: 'a@x.example', before: { target: 'joe' } } },
    world(null, false),
    { ok: false, reason: UNDO_REASONS.taken },
  ],
  [
    'a deleted address whose domain is gone',
    { action: 'virtmap.delete', targetType: 'virtmap', details: { key: 'a@x.example', before: { target: 'joe' } } },
    { current: null, nameFree: false, placeGone: true },
    { ok: false, reason: UNDO_REASONS.placeGone },
  ],
  [
    'a deletion recorded without its fields',
    { action: 'alias.delete', targetType: 'alias', details: { name: 'sales' } },
    world(null),
    { ok: false, reason: UNDO_REASONS.unrecorded },
  ],
  [
    'a deleted mailbox is not brought back',
    { action: 'account.delete', targetType: 'account', details: { name: 'joe', before: { quotaMb: 1 } } },
    world(null),
    { ok: false, reason: UNDO_REASONS.deleted },
  ],
  [
    'other kinds of objects',
    { action: 'customer.update', targetType: 'customer', details: { before: { maxDomains: 1 }, after: { maxDomains: 2 } } },
    world({ maxDomains: 2 }),
    { ok: false, reason: UNDO_REASONS.kind },
  ],
  [
    'actions that are no edit (a forward of an account)',
    { action: 'account.forward', targetType: 'account', details: { before: {}, after: {} } },
    world({ quotaMb: 1, enabled: true }),
    { ok: false, reason: UNDO_REASONS.kind },
  ],
];

describe('decideUndo', () => {
  it.each(cases)('%s', (_name, entry, w, expected) => {
    expect(decideUndo(entry, w)).toEqual(expected);
  });
});
