// Who must use two-factor sign-in: admin and support always (their logins reach every tenant), and the
// logins of a reseller whose admin requires it (the reseller's own and its customers'). Anyone else may
// choose it. MAILPANEL_STAFF_TWO_FACTOR=optional lifts the staff rule (the browser suite signs admin and
// support in dozens of times; tests/two-factor.test.ts proves the rule itself).

export type StaffTwoFactor = 'required' | 'optional';

export function staffTwoFactor(env: Record<string, string | undefined> = process.env): StaffTwoFactor {
  return env.MAILPANEL_STAFF_TWO_FACTOR === 'optional' ? 'optional' : 'required';
}

/** `role` as the database names it: ADMIN, SUPPORT, RESELLER, CUSTOMER. */
export function twoFactorRequired(user: { role: string; resellerRequires: boolean }, staff: StaffTwoFactor = staffTwoFactor()): boolean {
  if (user.role === 'ADMIN' || user.role === 'SUPPORT') return staff === 'required' || user.resellerRequires;
  return user.resellerRequires;
}

/** The rule for a login as the database holds it: its role and its reseller's (or its customer's reseller's) choice. */
export function mustUseTwoFactor(user: {
  role: string;
  reseller: { requireTwoFactor: boolean } | null;
  customer: { reseller: { requireTwoFactor: boolean } } | null;
}): boolean {
  const resellerRequires = user.reseller?.requireTwoFactor === true || user.customer?.reseller.requireTwoFactor === true;
  return twoFactorRequired({ role: user.role, resellerRequires });
}
