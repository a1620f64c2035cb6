import { describe, expect, it } from 'vitest';
import { buildSnapshot } from './snapshot-builder';
import { hasRedactedHashes, REDACTED_HASH, redactHashes } from './snapshot-redaction';

describe('redactHashes', () => {
  const snapshot = buildSnapshot({ domains: ['one.example'], accounts: ['joe', 'ann'] });

  it('replaces every hash with the marker, in the same field, and nothing else', () => {
    const redacted = redactHashes(snapshot);
    expect(redacted.accounts.map((a) => a.passwordHash)).toEqual([REDACTED_HASH, REDACTED_HASH]);
    expect({ ...redacted, accounts: [] }).toEqual({ ...snapshot, accounts: [] });
    expect(redacted.accounts.map((a) => a.name)).toEqual(snapshot.accounts.map((a) => a.name));
    expect(JSON.stringify(redacted)).not.toMatch(/\{[A-Z0-9-]+\}|\$argon2|\$2[aby]?\$|\$[56]\$/);
  });

  it('leaves the snapshot it was given alone, and tells a redacted one apart', () => {
    const before = JSON.stringify(snapshot);
    const redacted = redactHashes(snapshot);
    expect(JSON.stringify(snapshot)).toBe(before);
    expect(hasRedactedHashes(snapshot)).toBe(false);
    expect(hasRedactedHashes(redacted)).toBe(true);
  });
});
