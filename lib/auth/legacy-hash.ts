// TEMPORARY stand-in until the legacy-hash work lands (same API).
export const NO_LOGIN_HASH = '{CRYPT}!';
export function isNoLoginHash(stored: string): boolean {
  return stored === NO_LOGIN_HASH;
}
export function storedHashFromLegacy(field: string): { kind: 'hash'; stored: string } | { kind: 'locked'; reason: string } {
  if (/^\$6\$/.test(field)) return { kind: 'hash', stored: `{SHA512-CRYPT}${field}` };
  if (/^\$5\$/.test(field)) return { kind: 'hash', stored: `{SHA256-CRYPT}${field}` };
  if (/^\$1\$/.test(field)) return { kind: 'hash', stored: `{MD5-CRYPT}${field}` };
  if (/^\$2[aby]\$/.test(field)) return { kind: 'hash', stored: `{BLF-CRYPT}${field}` };
  if (/^[./A-Za-z0-9]{13}$/.test(field)) return { kind: 'hash', stored: `{CRYPT}${field}` };
  return { kind: 'locked', reason: field === '' ? 'empty password' : 'locked' };
}
