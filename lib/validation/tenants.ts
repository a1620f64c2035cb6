import { z } from 'zod';
import { checkbox, displayName, domainName, editVersion, email, id, limit, newPassword } from './fields';

const limits = {
  maxDomains: limit('the domain limit'),
  maxAccounts: limit('the account limit'),
  maxAliases: limit('the alias limit'),
  maxVirtmaps: limit('the virtmap limit'),
  maxQuotaMb: limit('the total quota', 1_000_000_000),
};

// An empty password is told as such, in the same round as every other field's error.
const initialPassword = z.string().min(1, { message: 'Enter a password.', abort: true }).pipe(newPassword);

const resellerFields = {
  name: displayName('reseller name'),
  ...limits,
  mailHostIds: z.array(id).min(1, 'Assign at least one mail host.'),
};

export const ResellerInput = z.object({ ...resellerFields, email, password: initialPassword });
export type ResellerInput = z.infer<typeof ResellerInput>;

/** A reseller's name, limits and hosts, changed by an operator. */
export const ResellerEditInput = z.object({
  version: editVersion,
  ...resellerFields,
  // Its logins and its customers' must use two-factor sign-in (lib/auth/two-factor-rule.ts).
  requireTwoFactor: checkbox,
});
export type ResellerEditInput = z.infer<typeof ResellerEditInput>;

export const CustomerInput = z.object({
  // Only an operator chooses the reseller; a reseller always creates under itself.
  resellerId: id.optional(),
  name: displayName('customer name'),
  email,
  password: initialPassword,
  ...limits,
});
export type CustomerInput = z.infer<typeof CustomerInput>;

/** A customer's name, limits, and whether (and on which of its reseller's hosts) it adds its own domains. */
export const CustomerEditInput = z.object({
  version: editVersion,
  name: displayName('customer name'),
  ...limits,
  mayAddDomains: checkbox,
  mailHostIds: z.array(id),
});
export type CustomerEditInput = z.infer<typeof CustomerEditInput>;

/** Deleting a reseller or customer: its name typed again. */
export const DeleteTenantInput = z.object({
  confirmName: z.string().trim().min(1, 'Type the name to confirm.'),
});

export const DomainInput = z.object({
  name: domainName,
  customerId: id,
  mailHostId: id,
});
export type DomainInput = z.infer<typeof DomainInput>;

export const DeleteDomainInput = z.object({
  confirmName: z.string().trim().toLowerCase().min(1, 'Type the domain name to confirm.'),
});

/** Suspending a customer: whether its mail stops too (its domains disabled until it is reactivated). */
export const SuspendCustomerInput = z.object({ stopMail: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()) });
