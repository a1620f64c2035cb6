import { z } from 'zod';

// Arguments bound to a server action (`action.bind(null, id)` in a page) are sent to the browser and come
// back with the form like any field: whoever calls the action by its id may send anything in their place.
// The action adapter (lib/web/form-action.ts) checks their form before anything runs; what they point at
// (and whether it is the actor's) is the data layer's check, as for every other id.

const uuid = z.uuid();
/** An audit event's number (AuditEvent.id is a bigint). */
const eventNumber = z.string().regex(/^[1-9][0-9]{0,18}$/);

/** An id (a UUID, or an audit event's number) or a yes/no flag: the only things pages bind to actions. */
export function isBoundValue(value: unknown): boolean {
  return typeof value === 'boolean' || uuid.safeParse(value).success || eventNumber.safeParse(value).success;
}

/** The answer to a bound argument of the wrong form: what a stale or forged page gets, nothing run. */
export const UNKNOWN_BOUND_MESSAGE = 'That was not found: it may have been deleted, or this page is out of date. Open it again.';
