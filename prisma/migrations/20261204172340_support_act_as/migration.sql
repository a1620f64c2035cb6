-- No act-as session was ever started before this change (the table had no writer); the new columns are
-- required, so any stray row goes.
DELETE FROM "SupportSession";

-- DropForeignKey
ALTER TABLE "SupportSession" DROP CONSTRAINT "SupportSession_targetUserId_fkey";

-- DropIndex
DROP INDEX "SupportSession_targetUserId_idx";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "supportSessionId" UUID;

-- AlterTable
ALTER TABLE "Domain" ADD COLUMN     "suspendedWithCustomer" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SupportSession" DROP COLUMN "targetUserId",
ADD COLUMN     "endedByLabel" TEXT,
ADD COLUMN     "targetAccountId" UUID,
ADD COLUMN     "targetCustomerId" UUID,
ADD COLUMN     "targetKind" TEXT NOT NULL,
ADD COLUMN     "targetLabel" TEXT NOT NULL,
ADD COLUMN     "targetResellerId" UUID NOT NULL,
ADD COLUMN     "userSessionId" UUID NOT NULL;

-- CreateIndex
CREATE INDEX "SupportSession_userSessionId_idx" ON "SupportSession"("userSessionId");

-- CreateIndex
CREATE INDEX "SupportSession_endedAt_expiresAt_idx" ON "SupportSession"("endedAt", "expiresAt");

-- AddForeignKey
ALTER TABLE "SupportSession" ADD CONSTRAINT "SupportSession_userSessionId_fkey" FOREIGN KEY ("userSessionId") REFERENCES "UserSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportSession" ADD CONSTRAINT "SupportSession_targetResellerId_fkey" FOREIGN KEY ("targetResellerId") REFERENCES "Reseller"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportSession" ADD CONSTRAINT "SupportSession_targetCustomerId_fkey" FOREIGN KEY ("targetCustomerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportSession" ADD CONSTRAINT "SupportSession_targetAccountId_fkey" FOREIGN KEY ("targetAccountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Added by hand: CHECK constraints ───────────────────────────────────────────────────────────
ALTER TABLE "SupportSession" ADD CONSTRAINT "SupportSession_target_check" CHECK (
  ("targetKind" = 'reseller' AND "targetCustomerId" IS NULL AND "targetAccountId" IS NULL)
  OR ("targetKind" = 'customer' AND "targetCustomerId" IS NOT NULL AND "targetAccountId" IS NULL)
  OR ("targetKind" = 'mailbox' AND "targetCustomerId" IS NOT NULL AND "targetAccountId" IS NOT NULL)
);
ALTER TABLE "SupportSession" ADD CONSTRAINT "SupportSession_expiry_check" CHECK (
  "expiresAt" > "startedAt" AND "expiresAt" <= "startedAt" + interval '1 hour'
);
ALTER TABLE "SupportSession" ADD CONSTRAINT "SupportSession_reason_check" CHECK (length(btrim("reason")) BETWEEN 3 AND 500);
