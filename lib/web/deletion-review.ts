// What lib/data/tenant-deletion.ts describes, for the components (which import no data layer): the one
// definition lives with the query that fills it.
export type { DeletionReview } from '../data/tenant-deletion';
