-- AlterEnum
ALTER TYPE "AliasTargetKind" ADD VALUE 'DISCARD';

-- A DISCARD target is written as /dev/null (lib/mail/targets.ts); no other kind can hold that value (a
-- name has no "/", an address has an "@"). Compared as text: the new value cannot be used in this
-- transaction.
ALTER TABLE "AliasTarget" ADD CONSTRAINT "AliasTarget_discard_check" CHECK (
    ("kind"::text = 'DISCARD') = ("value" = '/dev/null')
);
