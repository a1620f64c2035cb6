-- AlterTable
ALTER TABLE "MailHost" ADD COLUMN     "sshPrivateKey" TEXT,
ADD COLUMN     "sshPublicKey" TEXT;

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "failedPhase" TEXT;

-- ─── Added by hand: the sync trigger's wake-up call ─────────────────────────────────────────────
-- Every mutation bumps "MailHost"."changeSeq" in its own transaction (lib/data/audit.ts). This trigger
-- sends NOTIFY mailpanel_host_changed with the host id, which PostgreSQL delivers only when that
-- transaction commits (and never on rollback). The sync worker LISTENs and enqueues a publish at once.
-- It is only a wake-up: the worker also polls for hosts whose changeSeq is ahead of syncedSeq, so a
-- notification nobody heard (no worker running, connection lost) delays a change but never loses it.
-- Prisma cannot express triggers: `npm run db:diff -- --check` neither needs nor verifies this part.
CREATE FUNCTION mailpanel_notify_host_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mailpanel_host_changed', NEW."id"::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER "MailHost_changeSeq_notify"
  AFTER UPDATE OF "changeSeq" ON "MailHost"
  FOR EACH ROW WHEN (NEW."changeSeq" > OLD."changeSeq")
  EXECUTE FUNCTION mailpanel_notify_host_changed();
