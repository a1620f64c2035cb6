import { describe, expect, it } from 'vitest';
import { claimsAtSignIn, claimsOf } from './session-claims';

describe('session claims', () => {
  it('record the kind of login with the id and sessionVersion, and read them back', () => {
    const token = claimsAtSignIn({ name: null }, { id: 'acc-1', sessionVersion: 3, kind: 'mailbox' });
    expect(claimsOf(token)).toEqual({ uid: 'acc-1', sessionVersion: 3, kind: 'mailbox' });
    expect(claimsOf(claimsAtSignIn({}, { id: 'user-1', sessionVersion: 0, kind: 'panel' }))).toEqual({
      uid: 'user-1',
      sessionVersion: 0,
      kind: 'panel',
    });
  });

  it("carry a panel login's session row, and none for a token from before session rows", () => {
    const token = claimsAtSignIn({}, { id: 'user-1', sessionVersion: 2, kind: 'panel', sessionId: 'row-1' });
    expect(claimsOf(token)).toStrictEqual({ uid: 'user-1', sessionVersion: 2, kind: 'panel', sessionId: 'row-1' });
    expect(claimsOf({ sub: 'u', sv: 1 }).sessionId).toBeUndefined();
    expect(claimsOf({ sub: 'u', sv: 1, sid: 7 }).sessionId).toBeUndefined();
  });

  it.each([
    ['a token from before the postoffice (no kind)', { sub: 'u', sv: 1 }, 'panel'],
    ['an unknown kind', { sub: 'u', sv: 1, kind: 'admin' }, 'panel'],
    ['a kind in another case', { sub: 'u', sv: 1, kind: 'MAILBOX' }, 'panel'],
    ['a mailbox token', { sub: 'a', sv: 1, kind: 'mailbox' }, 'mailbox'],
  ])('read %s as a %s session', (_name, token, kind) => {
    expect(claimsOf(token).kind).toBe(kind);
  });

  it('give no id or version for a malformed token', () => {
    expect(claimsOf({ sub: 42, sv: '1' })).toEqual({ uid: undefined, sessionVersion: undefined, kind: 'panel' });
  });
});
