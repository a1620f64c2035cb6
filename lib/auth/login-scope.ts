// Whose logins an email must be unique among (User.loginScope): the operators', or one reseller's tenant
// (the reseller's own logins and its customers'). Another tenant may use the same email, so creating a
// login never says whether some other tenant has one (docs/tenancy.md, rule 6).

export const OPERATORS_SCOPE = 'operators';

export function resellerLoginScope(resellerId: string): string {
  return `reseller:${resellerId}`;
}
