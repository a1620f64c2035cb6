import { z } from 'zod';
import { displayName, domainName, email, id, limit, newPassword } from './fields';

const limits = {
  maxDomains: limit('the domain limit'),
  maxAccounts: limit('the account limit'),
  maxAliases: limit('the alias limit'),
  maxVirtmaps: limit('the virtmap limit'),
  maxQuotaMb: limit('the total quota', 1_000_000_000),
};

export const ResellerInput = z.object({
  name: displayName('reseller name'),
  email,
  password: newPassword,
  ...limits,
  mailHostIds: z.array(id).min(1, 'Assign at least one mail host.'),
});
export type ResellerInput = z.infer<typeof ResellerInput>;

export const CustomerInput = z.object({
  // Only an operator chooses the reseller; a reseller always creates under itself.
  resellerId: id.optional(),
  name: displayName('customer name'),
  email,
  password: newPassword,
  ...limits,
});
export type CustomerInput = z.infer<typeof CustomerInput>;

export const DomainInput = z.object({
  name: domainName,
  customerId: id,
  mailHostId: id,
});
export type DomainInput = z.infer<typeof DomainInput>;

export const DeleteDomainInput = z.object({
  confirmName: z.string().trim().toLowerCase().min(1, 'Type the domain name to confirm.'),
});
