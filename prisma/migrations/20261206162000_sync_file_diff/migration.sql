-- AlterTable
ALTER TABLE "SyncFile" ADD COLUMN     "diff" JSONB;
