import { z } from 'zod';

// Starting an act-as (support acting as a reseller or customer): why, and for how long. The reason is
// shown on every page while it lasts and written into every audit event: one line of plain text.

/** The lengths support may choose; never more than an hour (the database's CHECK holds that too). */
export const ACT_AS_MINUTES = ['15', '30', '60'] as const;

export const ActAsInput = z.object({
  reason: z
    .string()
    .trim()
    .min(3, { message: 'Say why you act as this customer (at least 3 characters).' })
    .max(500, { message: 'Keep the reason under 500 characters.' })
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { message: 'The reason must be one line of text.' }),
  minutes: z.enum(ACT_AS_MINUTES, { message: 'Choose 15, 30 or 60 minutes.' }).transform(Number),
});

export type ActAsInput = z.infer<typeof ActAsInput>;

/** Whom support acts as: bound by the page that offers it, so checked again when it comes back. */
export const ActAsTargetInput = z.object({ kind: z.enum(['reseller', 'customer', 'mailbox']), id: z.uuid() });
