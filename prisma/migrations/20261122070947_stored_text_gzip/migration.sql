-- Run files keep their text gzipped (lib/sync/stored-text.ts). Texts recorded before this migration are
-- dropped: their run pages say the earlier text is not kept, as for pruned revisions.
-- AlterTable
ALTER TABLE "SyncFile" DROP COLUMN "content",
ADD COLUMN     "contentGz" BYTEA;
