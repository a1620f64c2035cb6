import { afterEach, describe, expect, it } from 'vitest';
import { reseal, seal, SecretBoxError, unseal } from './secret-box';

const saved = { auth: process.env.AUTH_SECRET, key: process.env.MAILPANEL_SECRET_KEY };
afterEach(() => {
  process.env.AUTH_SECRET = saved.auth;
  process.env.MAILPANEL_SECRET_KEY = saved.key;
  if (saved.auth === undefined) delete process.env.AUTH_SECRET;
  if (saved.key === undefined) delete process.env.MAILPANEL_SECRET_KEY;
});

describe('secret box', () => {
  it('opens what it sealed, for the same context only', () => {
    process.env.AUTH_SECRET = 'one';
    const sealed = seal('-----BEGIN OPENSSH PRIVATE KEY-----', 'host-a');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('OPENSSH');
    expect(unseal(sealed, 'host-a')).toBe('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(() => unseal(sealed, 'host-b')).toThrow(SecretBoxError);
    expect(seal('x', 'host-a')).not.toBe(seal('x', 'host-a')); // a fresh IV each time
  });

  it('cannot open with another secret, and prefers MAILPANEL_SECRET_KEY', () => {
    process.env.AUTH_SECRET = 'one';
    const sealed = seal('text', 'c');
    process.env.AUTH_SECRET = 'two';
    expect(() => unseal(sealed, 'c')).toThrow(/was MAILPANEL_SECRET_KEY or AUTH_SECRET changed/);
    process.env.MAILPANEL_SECRET_KEY = 'dedicated';
    const dedicated = seal('text', 'c');
    process.env.AUTH_SECRET = 'three';
    expect(unseal(dedicated, 'c')).toBe('text');
  });

  it('still opens what was sealed before the key derivation moved to lib/crypto/derived-key.ts', () => {
    delete process.env.MAILPANEL_SECRET_KEY;
    process.env.AUTH_SECRET = 'kept-secret';
    const kept = 'v1.eofpwdNnZPubo8gVCW7NX9Yopzk_9RF4xR5cYEpNpT8_1mMT63heezw3uTjmirwwnHRApDxoYUaipZWE5ZuDqEyIpd8';
    expect(unseal(kept, 'mailhost-ssh-key:h1')).toBe('-----BEGIN OPENSSH PRIVATE KEY----- kept');
  });

  it('refuses to work without any secret', () => {
    delete process.env.AUTH_SECRET;
    delete process.env.MAILPANEL_SECRET_KEY;
    expect(() => seal('x', 'c')).toThrow(SecretBoxError);
  });

  it('refuses a tampered or unknown format', () => {
    process.env.AUTH_SECRET = 'one';
    const sealed = seal('text', 'c');
    expect(() => unseal(`${sealed.slice(0, -2)}AA`, 'c')).toThrow(SecretBoxError);
    expect(() => unseal('v9.abc', 'c')).toThrow(/unknown format/);
  });
});

describe('rotation', () => {
  it('reseals under an explicit new secret: it opens with the new one only, in the same context only', () => {
    const sealed = seal('private', 'host-a', 'old secret');
    const moved = reseal(sealed, 'host-a', 'old secret', 'new secret');
    expect(unseal(moved, 'host-a', 'new secret')).toBe('private');
    expect(() => unseal(moved, 'host-a', 'old secret')).toThrow(SecretBoxError);
    expect(() => unseal(moved, 'host-b', 'new secret')).toThrow(SecretBoxError);
    expect(() => reseal(sealed, 'host-a', 'wrong secret', 'new secret')).toThrow(SecretBoxError);
  });

  it('an explicit secret wins over the environment', () => {
    process.env.AUTH_SECRET = 'from the environment';
    const sealed = seal('text', 'c', 'explicit');
    expect(() => unseal(sealed, 'c')).toThrow(SecretBoxError);
    expect(unseal(sealed, 'c', 'explicit')).toBe('text');
  });
});
