import { describe, expect, it } from 'vitest';
import { isBoundValue } from './bound';

// What a page may bind to an action, as it comes back from a browser that may send anything instead.
describe('isBoundValue', () => {
  it('takes ids, audit event numbers and flags', () => {
    for (const good of ['3eac59ac-c351-46af-b087-f9122da3d1e8', '42', '9223372036854775807', true, false]) {
      expect(isBoundValue(good), String(good)).toBe(true);
    }
  });
  it('refuses anything else an attacker sends in their place', () => {
    for (const bad of ['not-an-id', '../../etc/passwd', '', '0', '01', 'x'.repeat(5000), 42, null, undefined, ['x'], { id: 'x' }]) {
      expect(isBoundValue(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
