import { describe, expect, it } from 'vitest';
import { staffTwoFactor, twoFactorRequired } from './two-factor-rule';

describe('twoFactorRequired', () => {
  it('holds for admin and support always, unless the operator lifts it', () => {
    expect(twoFactorRequired({ role: 'ADMIN', resellerRequires: false }, 'required')).toBe(true);
    expect(twoFactorRequired({ role: 'SUPPORT', resellerRequires: false }, 'required')).toBe(true);
    expect(twoFactorRequired({ role: 'ADMIN', resellerRequires: false }, 'optional')).toBe(false);
  });

  it('holds for a reseller’s logins and its customers’ only when its admin requires it', () => {
    expect(twoFactorRequired({ role: 'RESELLER', resellerRequires: false }, 'required')).toBe(false);
    expect(twoFactorRequired({ role: 'CUSTOMER', resellerRequires: false }, 'required')).toBe(false);
    expect(twoFactorRequired({ role: 'RESELLER', resellerRequires: true }, 'optional')).toBe(true);
    expect(twoFactorRequired({ role: 'CUSTOMER', resellerRequires: true }, 'optional')).toBe(true);
  });

  it('is required for staff unless MAILPANEL_STAFF_TWO_FACTOR says optional', () => {
    expect(staffTwoFactor({})).toBe('required');
    expect(staffTwoFactor({ MAILPANEL_STAFF_TWO_FACTOR: 'no' })).toBe('required');
    expect(staffTwoFactor({ MAILPANEL_STAFF_TWO_FACTOR: 'optional' })).toBe('optional');
  });
});
