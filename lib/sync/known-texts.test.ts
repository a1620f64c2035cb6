import { describe, expect, it } from 'vitest';
import { forgetKnownTexts, hashOfText, knownText, placeOf, rememberLive } from './known-texts';
import { sha256 } from './publish-layout';

describe('known texts', () => {
  const one = placeOf({ description: 'ssh root@mx1.example' }, '/etc/mail');
  const two = placeOf({ description: 'ssh root@mx2.example' }, '/etc/mail');

  it("gives back a host's live text only by the hash a manifest recorded, and only for that host", () => {
    forgetKnownTexts();
    rememberLive(one, [{ name: 'virtual', content: 'a@x\ta\n', hash: sha256('a@x\ta\n') }]);
    expect(knownText(one, 'virtual', sha256('a@x\ta\n'))).toBe('a@x\ta\n');
    expect(knownText(one, 'virtual', sha256('other'))).toBeNull();
    expect(knownText(two, 'virtual', sha256('a@x\ta\n'))).toBeNull();
    expect(knownText(one, 'access', sha256('a@x\ta\n'))).toBeNull();
  });

  it('keeps the live texts until a publish switches, whatever was hashed meanwhile (a failed publish)', () => {
    forgetKnownTexts();
    rememberLive(one, [{ name: 'virtual', content: 'v1\n', hash: sha256('v1\n') }]);
    expect(hashOfText(one, 'virtual', 'v2\n')).toBe(sha256('v2\n'));
    expect(hashOfText(one, 'virtual', 'v3\n')).toBe(sha256('v3\n'));
    expect(knownText(one, 'virtual', sha256('v1\n'))).toBe('v1\n');
    rememberLive(one, [{ name: 'virtual', content: 'v3\n', hash: sha256('v3\n') }]);
    expect(knownText(one, 'virtual', sha256('v1\n'))).toBeNull();
    expect(hashOfText(one, 'virtual', 'v3\n')).toBe(sha256('v3\n'));
  });

  it('reuses a remembered hash only for the very same text', () => {
    forgetKnownTexts();
    rememberLive(one, [{ name: 'virtual', content: 'same\n', hash: 'not the hash of it' }]);
    // The remembered hash is given back only for the very same text.
    expect(hashOfText(one, 'virtual', 'same\n')).toBe('not the hash of it');
    expect(hashOfText(one, 'virtual', 'same!\n')).toBe(sha256('same!\n'));
  });
});
