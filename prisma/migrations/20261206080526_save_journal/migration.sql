-- CreateTable
CREATE TABLE "MailJournal" (
    "id" BIGSERIAL NOT NULL,
    "txid" BIGINT NOT NULL DEFAULT txid_current(),
    "mailHostId" UUID,
    "kind" TEXT NOT NULL,
    "customerId" UUID,
    "name" TEXT,
    "changeSeq" BIGINT,

    CONSTRAINT "MailJournal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MailJournal_txid_idx" ON "MailJournal"("txid");

-- CreateIndex
CREATE INDEX "MailJournal_mailHostId_changeSeq_idx" ON "MailJournal"("mailHostId", "changeSeq");

-- The triggers that fill the journal (added by hand; Prisma has no syntax for triggers). They write only
-- while the transaction has `mailpanel.journal` on (lib/data/save-journal.ts sets it for a save), so other
-- writers (the seed, an import's bulk load) pay one test per statement. Statement triggers with transition
-- tables: one row per key a statement touched, not one call per row.
CREATE FUNCTION mailpanel_journal_on() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('mailpanel.journal', true), '') = 'on' $$;

-- A domain's row (its name, host, owner, enabled, verified, strict) decides its entry and its virtmaps'.
CREATE FUNCTION mailpanel_journal_domain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT mailpanel_journal_on() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "MailJournal" ("mailHostId", kind, name) SELECT DISTINCT "mailHostId", 'domain', name FROM old_rows;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO "MailJournal" ("mailHostId", kind, name) SELECT DISTINCT "mailHostId", 'domain', name FROM new_rows;
  END IF;
  RETURN NULL;
END $$;

-- A virtmap is journaled as its domain: the save reads the domain's virtmaps again. A virtmap deleted
-- with its domain finds no domain row here; the domain's own trigger journals it.
CREATE FUNCTION mailpanel_journal_virtmap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT mailpanel_journal_on() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "MailJournal" ("mailHostId", kind, name)
    SELECT DISTINCT d."mailHostId", 'domain', d.name FROM old_rows v JOIN "Domain" d ON d.id = v."domainId";
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO "MailJournal" ("mailHostId", kind, name)
    SELECT DISTINCT d."mailHostId", 'domain', d.name FROM new_rows v JOIN "Domain" d ON d.id = v."domainId";
  END IF;
  RETURN NULL;
END $$;

-- Accounts and aliases by host, customer and name (a rename journals both names).
CREATE FUNCTION mailpanel_journal_name() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  what text := CASE TG_TABLE_NAME WHEN 'Account' THEN 'account' ELSE 'alias' END;
BEGIN
  IF NOT mailpanel_journal_on() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "MailJournal" ("mailHostId", kind, "customerId", name) SELECT DISTINCT "mailHostId", what, "customerId", name FROM old_rows;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO "MailJournal" ("mailHostId", kind, "customerId", name) SELECT DISTINCT "mailHostId", what, "customerId", name FROM new_rows;
  END IF;
  RETURN NULL;
END $$;

-- An alias's targets and an account's autoreply are journaled as their alias or account (deleted with it,
-- they find no row here; its own trigger journals it).
CREATE FUNCTION mailpanel_journal_part() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT mailpanel_journal_on() THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'AliasTarget' THEN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      INSERT INTO "MailJournal" ("mailHostId", kind, "customerId", name)
      SELECT DISTINCT a."mailHostId", 'alias', a."customerId", a.name FROM old_rows t JOIN "Alias" a ON a.id = t."aliasId";
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
      INSERT INTO "MailJournal" ("mailHostId", kind, "customerId", name)
      SELECT DISTINCT a."mailHostId", 'alias', a."customerId", a.name FROM new_rows t JOIN "Alias" a ON a.id = t."aliasId";
    END IF;
  ELSE
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      INSERT INTO "MailJournal" ("mailHostId", kind, "customerId", name)
      SELECT DISTINCT a."mailHostId", 'account', a."customerId", a.name FROM old_rows r JOIN "Account" a ON a.id = r."accountId";
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
      INSERT INTO "MailJournal" ("mailHostId", kind, "customerId", name)
      SELECT DISTINCT a."mailHostId", 'account', a."customerId", a.name FROM new_rows r JOIN "Account" a ON a.id = r."accountId";
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- A customer's mail tag is part of every name and domain it owns: the save reads the hosts whole.
CREATE FUNCTION mailpanel_journal_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT mailpanel_journal_on() THEN RETURN NULL; END IF;
  INSERT INTO "MailJournal" ("mailHostId", kind)
  SELECT NULL, 'all' WHERE EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n."mailTag" <> o."mailTag");
  RETURN NULL;
END $$;

CREATE TRIGGER "Domain_journal_insert" AFTER INSERT ON "Domain" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_domain();
CREATE TRIGGER "Domain_journal_update" AFTER UPDATE ON "Domain" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_domain();
CREATE TRIGGER "Domain_journal_delete" AFTER DELETE ON "Domain" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_domain();
CREATE TRIGGER "Virtmap_journal_insert" AFTER INSERT ON "Virtmap" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_virtmap();
CREATE TRIGGER "Virtmap_journal_update" AFTER UPDATE ON "Virtmap" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_virtmap();
CREATE TRIGGER "Virtmap_journal_delete" AFTER DELETE ON "Virtmap" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_virtmap();
CREATE TRIGGER "Account_journal_insert" AFTER INSERT ON "Account" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_name();
CREATE TRIGGER "Account_journal_update" AFTER UPDATE ON "Account" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_name();
CREATE TRIGGER "Account_journal_delete" AFTER DELETE ON "Account" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_name();
CREATE TRIGGER "Alias_journal_insert" AFTER INSERT ON "Alias" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_name();
CREATE TRIGGER "Alias_journal_update" AFTER UPDATE ON "Alias" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_name();
CREATE TRIGGER "Alias_journal_delete" AFTER DELETE ON "Alias" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_name();
CREATE TRIGGER "AliasTarget_journal_insert" AFTER INSERT ON "AliasTarget" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_part();
CREATE TRIGGER "AliasTarget_journal_update" AFTER UPDATE ON "AliasTarget" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_part();
CREATE TRIGGER "AliasTarget_journal_delete" AFTER DELETE ON "AliasTarget" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_part();
CREATE TRIGGER "Autoreply_journal_insert" AFTER INSERT ON "Autoreply" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_part();
CREATE TRIGGER "Autoreply_journal_update" AFTER UPDATE ON "Autoreply" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_part();
CREATE TRIGGER "Autoreply_journal_delete" AFTER DELETE ON "Autoreply" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_part();
CREATE TRIGGER "Customer_journal_update" AFTER UPDATE ON "Customer" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailpanel_journal_customer();
