-- CreateIndex
CREATE INDEX "Account_name_id_idx" ON "Account"("name", "id");

-- CreateIndex
CREATE INDEX "Alias_name_id_idx" ON "Alias"("name", "id");

-- Finer statistics for the columns the lists and the search match text in (added by hand; Prisma has no
-- syntax for it). With the default 100 histogram buckets the planner's guess for `LIKE '%u495%'` among
-- 200,000 accounts was 4,020 rows (there were 222), and it chose to walk the name index for them
-- (docs/publishing.md, "Lists and search at a million addresses").
ALTER TABLE "Account" ALTER COLUMN "name" SET STATISTICS 1000, ALTER COLUMN "loginAddress" SET STATISTICS 1000;
ALTER TABLE "Alias" ALTER COLUMN "name" SET STATISTICS 1000;
ALTER TABLE "AliasTarget" ALTER COLUMN "value" SET STATISTICS 1000;
ALTER TABLE "Domain" ALTER COLUMN "name" SET STATISTICS 1000;
ALTER TABLE "Virtmap" ALTER COLUMN "localPart" SET STATISTICS 1000;
