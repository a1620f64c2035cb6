-- AlterEnum
ALTER TYPE "RejectCode" ADD VALUE 'STATUS';

-- AlterTable
ALTER TABLE "Virtmap" ADD COLUMN     "rejectStatus" TEXT;

-- A STATUS rejection carries its `D.D.D:NNN` (lib/mail/reject-codes.ts: same class, no leading zeros, not
-- 421/521); the named ones carry none. Compared as text: the new enum value cannot be used as a value in
-- the transaction that adds it.
ALTER TABLE "Virtmap" ADD CONSTRAINT "Virtmap_rejectStatus_check" CHECK (
    CASE WHEN "rejectCode"::text = 'STATUS'
        THEN "rejectStatus" ~ '^([45])\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2}):\1[0-9][0-9]$'
             AND "rejectStatus" !~ ':[45]21$'
        ELSE "rejectStatus" IS NULL
    END
);
