-- AlterTable
ALTER TABLE "Virtmap" ADD COLUMN     "keepDetail" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "targetDetail" TEXT;

-- Added by hand: a name's own "+detail" is a LOCAL target's, never with "%3"; a rejection passes nothing on.
ALTER TABLE "Virtmap" ADD CONSTRAINT "Virtmap_targetDetail_check"
  CHECK ("targetDetail" IS NULL OR ("targetKind" = 'LOCAL' AND NOT "keepDetail"));
ALTER TABLE "Virtmap" ADD CONSTRAINT "Virtmap_keepDetail_check"
  CHECK (NOT "keepDetail" OR "targetKind" <> 'REJECT');
