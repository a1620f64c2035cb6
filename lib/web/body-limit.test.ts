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

describe('bodyTooLarge on the import pages', () => {
  it('takes a host’s files up to 64 MB there, and only there', () => {
    expect(bodyTooLarge('POST', String(MAX_BODY_BYTES * 10), '/mail-hosts/abc/import')).toBeNull();
    expect(bodyTooLarge('POST', String(MAX_BODY_BYTES * 10), '/mail-hosts/abc/import/run')).toMatch(/larger than 1 MB/);
    expect(bodyTooLarge('POST', String(MAX_BODY_BYTES * 65), '/mail-hosts/abc/import')).toMatch(/larger than 64 MB/);
    expect(bodyTooLarge('POST', String(MAX_BODY_BYTES * 10), '/accounts')).toMatch(/larger than 1 MB/);
  });
});
