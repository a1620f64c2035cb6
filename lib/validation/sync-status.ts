import { z } from 'zod';
import { id } from './fields';

/** The sync badge's question (components/sync/actions.ts): a host id and the sealed mark of the page, if any. */
export const SyncStatusArgs = z.object({
  mailHostId: id,
  mark: z.string().max(512).nullable(),
});
