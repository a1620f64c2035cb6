import { z } from 'zod';

/** A map file download's path: the host, the MTA whose files, and the file's name as on the host. */
export const MapFileParams = z.object({
  id: z.uuid(),
  flavor: z.enum(['sendmail', 'postfix']),
  file: z.string().regex(/^[a-z][a-z.-]{0,40}$/),
});
