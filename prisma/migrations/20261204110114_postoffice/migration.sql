-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "MailHost" ADD COLUMN     "webmailUrl" TEXT;

-- CreateTable
CREATE TABLE "Autoreply" (
    "accountId" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "startsOn" DATE,
    "endsOn" DATE,
    "days" INTEGER NOT NULL DEFAULT 7,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Autoreply_pkey" PRIMARY KEY ("accountId")
);

-- AddForeignKey
ALTER TABLE "Autoreply" ADD CONSTRAINT "Autoreply_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- By hand (Prisma cannot express CHECKs): what lib/validation/autoreply.ts already refuses.
ALTER TABLE "Autoreply" ADD CONSTRAINT "Autoreply_days_check" CHECK ("days" BETWEEN 1 AND 365);
ALTER TABLE "Autoreply" ADD CONSTRAINT "Autoreply_dates_check" CHECK ("startsOn" IS NULL OR "endsOn" IS NULL OR "endsOn" >= "startsOn");
ALTER TABLE "MailHost" ADD CONSTRAINT "MailHost_webmailUrl_check" CHECK ("webmailUrl" IS NULL OR "webmailUrl" ~ '^https?://');
