import { z } from 'zod';

// The audit log's filters as they appear in its address. Like every list query, a value that cannot be
// used is dropped rather than failing, so an edited link still shows the log.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .regex(DAY)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
  .optional()
  .catch(undefined);
// Event ids are a bigint sequence.
const eventId = z
  .string()
  .regex(/^[0-9]{1,18}$/)
  .transform((s) => BigInt(s))
  .optional()
  .catch(undefined);
const text = z
  .string()
  .trim()
  .max(100)
  .optional()
  .catch(undefined)
  .transform((s) => s || undefined);

export const AuditQuery = z.object({
  /** What kind of object the event is about (an audit event's targetType, e.g. `account`). */
  kind: z
    .string()
    .regex(/^[a-zA-Z]{1,30}$/)
    .optional()
    .catch(undefined),
  /** One action, e.g. `account.create`. */
  action: z
    .string()
    .regex(/^[a-zA-Z]{1,30}\.[a-zA-Z]{1,30}$/)
    .optional()
    .catch(undefined),
  /** Part of the login of whoever acted. */
  actor: text,
  /** Part of the object's name or address (either form of an IDN domain), or its id. */
  q: text,
  /** The first and last day shown (UTC), both included. */
  from: day,
  to: day,
  /** The page after (older than) or before (newer than) this event. */
  older: eventId,
  newer: eventId,
});
export type AuditQuery = z.infer<typeof AuditQuery>;
