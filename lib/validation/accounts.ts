import { z } from 'zod';
import { normalizeAccountName } from '../mail/names';
import { checkbox, fromRule, id, limit, newPassword } from './fields';

const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), id.optional());

export const AccountInput = z.object({
  /** Operators and resellers choose the customer; a customer always creates its own. */
  customerId: optionalId,
  mailHostId: optionalId,
  name: fromRule(normalizeAccountName),
  password: newPassword,
  quotaMb: limit('the quota', 1_000_000),
  /** "Also create the address name@domain": the domain, or empty for no address. */
  addressDomainId: optionalId,
});
export type AccountInput = z.infer<typeof AccountInput>;

export const AccountUpdateInput = z.object({
  quotaMb: limit('the quota', 1_000_000),
  enabled: checkbox,
  /** Empty keeps the current password. */
  password: z.preprocess((v) => (v === '' ? undefined : v), newPassword.optional()),
});
export type AccountUpdateInput = z.infer<typeof AccountUpdateInput>;
