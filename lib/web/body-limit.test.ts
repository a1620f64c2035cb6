import { describe, expect, it } from 'vitest';
import { bodyTooLarge, MAX_BODY_BYTES } from './body-limit';

describe('bodyTooLarge', () => {
  it('refuses a declared body over the limit, and a nonsense length', () => {
    expect(bodyTooLarge('POST', String(MAX_BODY_BYTES + 1))).toMatch(/larger than 1 MB/);
    expect(bodyTooLarge('POST', '-5')).toMatch(/no valid length/);
    expect(bodyTooLarge('PUT', 'abc')).toMatch(/no valid length/);
  });

  it('lets through what fits, what declares nothing, and reads', () => {
    expect(bodyTooLarge('POST', String(MAX_BODY_BYTES))).toBeNull();
    expect(bodyTooLarge('POST', null)).toBeNull();
    expect(bodyTooLarge('GET', String(MAX_BODY_BYTES * 10))).toBeNull();
  });
});
