-- Tenancy in the mail itself (docs/tenancy.md): names are private to a customer, and mail for a customer's
-- domain reaches only that customer. Each customer gets a tag (its names on a host become `tag-name`);
-- account and alias names are unique per customer; accounts get a mailbox directory (the one they have,
-- so no mail moves), a login address and the bare-name login they had (kept until the customer changes
-- it); domains take mail only once their ownership is proven (those that take mail today keep doing so);
-- each customer's badge compares with its own last change. Addresses that reached ANOTHER customer's names through the old host-wide fall-through are refused
-- from now on: each host's list is recorded in the audit log ("tenancy.migrate"), and every host is
-- marked changed so its next publish (shown in its run history) carries the new maps.

-- The report first, while the old rule still describes the data: on every domain without a catch-all (or
-- with a `%1` one), every name of another customer on the same host used to answer there.
CREATE TEMP TABLE crossing ON COMMIT DROP AS
WITH names AS (
  SELECT "mailHostId", "customerId", name FROM "Account"
  UNION
  SELECT "mailHostId", "customerId", name FROM "Alias" WHERE enabled
), open_domains AS (
  SELECT d.id, d.name, d."mailHostId", d."customerId" FROM "Domain" d
  WHERE d.enabled AND NOT EXISTS (
    SELECT 1 FROM "Virtmap" v WHERE v."domainId" = d.id AND v.enabled AND v."localPart" = '' AND v."targetKind" <> 'LOCAL_PART')
)
SELECT od."mailHostId", n.name || '@' || od.name AS address
FROM open_domains od JOIN names n ON n."mailHostId" = od."mailHostId" AND n."customerId" <> od."customerId"
WHERE NOT EXISTS (SELECT 1 FROM "Virtmap" v WHERE v."domainId" = od.id AND v.enabled AND v."localPart" = n.name)
  AND NOT EXISTS (SELECT 1 FROM "Account" a WHERE a."mailHostId" = od."mailHostId" AND a."customerId" = od."customerId" AND a.name = n.name)
  AND NOT EXISTS (SELECT 1 FROM "Alias" a WHERE a."mailHostId" = od."mailHostId" AND a."customerId" = od."customerId" AND a.name = n.name AND a.enabled);

INSERT INTO "AuditEvent" ("actorLabel", "action", "targetType", "targetId", "details")
SELECT 'mailpanel migration', 'tenancy.migrate', 'mailHost', h.id::text,
       jsonb_build_object(
         'host', h.name,
         'rule', 'mail for a customer''s domain reaches only that customer (docs/tenancy.md)',
         'refusedFromNowOn', (SELECT count(*) FROM crossing c WHERE c."mailHostId" = h.id),
         'addresses', COALESCE((SELECT jsonb_agg(x.address ORDER BY x.address) FROM (
             SELECT c.address FROM crossing c WHERE c."mailHostId" = h.id ORDER BY c.address LIMIT 1000) x), '[]'::jsonb))
FROM "MailHost" h;

-- postmaster@ and abuse@ now go to the host's own unless a domain gives them an address: where a
-- domain's catch-all took them (to a name, an address or `%1@other`), that catch-all's target is made
-- their own address, so they route exactly as before. (Under a refusing catch-all they were refused;
-- RFC 5321 wants them deliverable, so they now reach the host's postmaster.)
INSERT INTO "Virtmap" (id, "domainId", "localPart", "targetKind", "targetValue", "updatedAt")
SELECT gen_random_uuid(), v."domainId", role.local, v."targetKind", v."targetValue", now()
FROM "Virtmap" v CROSS JOIN (VALUES ('postmaster'), ('abuse')) AS role(local)
WHERE v."localPart" = '' AND v.enabled AND v."targetKind" IN ('LOCAL', 'EXTERNAL', 'DOMAIN_REDIRECT')
  AND NOT EXISTS (SELECT 1 FROM "Virtmap" o WHERE o."domainId" = v."domainId" AND o."localPart" = role.local);

-- DropIndex
DROP INDEX "Account_mailHostId_name_key";

-- DropIndex
DROP INDEX "Alias_mailHostId_name_key";

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "legacyLogin" TEXT,
ADD COLUMN     "loginAddress" TEXT,
ADD COLUMN     "mailbox" TEXT;

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "mailTag" TEXT;

-- AlterTable
ALTER TABLE "Domain" ADD COLUMN     "strict" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "verifiedAt" TIMESTAMPTZ(3),
ADD COLUMN     "verifiedBy" TEXT,
ADD COLUMN     "verifyToken" TEXT NOT NULL DEFAULT replace((gen_random_uuid())::text, '-'::text, ''::text);

-- Data: every domain that takes mail today keeps taking it: its ownership is taken as proven before
-- tenancy (recorded as such). New domains wait for a DNS record or an operator's approval.
UPDATE "Domain" SET "verifiedAt" = now(), "verifiedBy" = 'before-tenancy';

-- CreateTable
CREATE TABLE "CustomerHostChange" (
    "customerId" UUID NOT NULL,
    "mailHostId" UUID NOT NULL,
    "changeSeq" BIGINT NOT NULL,

    CONSTRAINT "CustomerHostChange_pkey" PRIMARY KEY ("customerId","mailHostId")
);

-- CreateIndex
CREATE INDEX "CustomerHostChange_mailHostId_idx" ON "CustomerHostChange"("mailHostId");

-- Data: a tag from each customer's name (letters and digits, at most 10), numbered where two agree (as
-- lib/mail/tenancy.ts mailTagCandidates numbers them), and never a tag that an existing account name
-- starts with ("<tag>-"): that name stays a login (its legacy one), and a host-level name `tag-x` must
-- never equal it (Dovecot would hold one name twice).
DO $$
DECLARE
  c RECORD;
  base TEXT;
  candidate TEXT;
  n INT;
BEGIN
  FOR c IN SELECT id, name FROM "Customer" ORDER BY "createdAt", id LOOP
    base := COALESCE(NULLIF(left(lower(regexp_replace(c.name, '[^A-Za-z0-9]', '', 'g')), 10), ''), 'c');
    candidate := base;
    n := 1;
    WHILE EXISTS (SELECT 1 FROM "Customer" WHERE "mailTag" = candidate)
       OR EXISTS (SELECT 1 FROM "Account" WHERE name LIKE candidate || '-%') LOOP
      n := n + 1;
      candidate := left(base, 10 - length(n::text)) || n::text;
    END LOOP;
    UPDATE "Customer" SET "mailTag" = candidate WHERE id = c.id;
  END LOOP;
END $$;

-- Data: accounts keep their mailbox directory and their bare-name login; their login address is their
-- own name at the first of their customer's domains (on the same host) where that address reaches them.
UPDATE "Account" SET "mailbox" = name, "legacyLogin" = name;
UPDATE "Account" a SET "loginAddress" = (
  SELECT a.name || '@' || d.name FROM "Domain" d
  WHERE d."mailHostId" = a."mailHostId" AND d."customerId" = a."customerId" AND d.enabled
    AND NOT EXISTS (SELECT 1 FROM "Alias" al WHERE al."mailHostId" = a."mailHostId" AND al."customerId" = a."customerId" AND al.name = a.name AND al.enabled)
    AND (
      EXISTS (SELECT 1 FROM "Virtmap" v WHERE v."domainId" = d.id AND v.enabled AND v."localPart" = a.name AND v."targetKind" = 'LOCAL' AND v."targetValue" = a.name)
      OR (NOT EXISTS (SELECT 1 FROM "Virtmap" v WHERE v."domainId" = d.id AND v.enabled AND v."localPart" = a.name)
          AND NOT EXISTS (SELECT 1 FROM "Virtmap" v WHERE v."domainId" = d.id AND v.enabled AND v."localPart" = '' AND v."targetKind" <> 'LOCAL_PART')))
  ORDER BY d.name LIMIT 1);

ALTER TABLE "Account" ALTER COLUMN "mailbox" SET NOT NULL;
ALTER TABLE "Customer" ALTER COLUMN "mailTag" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Account_loginAddress_key" ON "Account"("loginAddress");

-- CreateIndex
CREATE UNIQUE INDEX "Account_mailHostId_customerId_name_key" ON "Account"("mailHostId", "customerId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Account_mailHostId_mailbox_key" ON "Account"("mailHostId", "mailbox");

-- CreateIndex
CREATE UNIQUE INDEX "Account_mailHostId_legacyLogin_key" ON "Account"("mailHostId", "legacyLogin");

-- CreateIndex
CREATE UNIQUE INDEX "Alias_mailHostId_customerId_name_key" ON "Alias"("mailHostId", "customerId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_mailTag_key" ON "Customer"("mailTag");

-- AddForeignKey
ALTER TABLE "CustomerHostChange" ADD CONSTRAINT "CustomerHostChange_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerHostChange" ADD CONSTRAINT "CustomerHostChange_mailHostId_fkey" FOREIGN KEY ("mailHostId") REFERENCES "MailHost"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Logins: an email is unique among one tenant's logins (a reseller and its customers) or the operators',
-- so creating a login never tells anyone whether another tenant uses that email.
DROP INDEX "User_email_key";
ALTER TABLE "User" ADD COLUMN     "loginScope" TEXT;
UPDATE "User" u SET "loginScope" = CASE
  WHEN u."resellerId" IS NOT NULL THEN 'reseller:' || u."resellerId"
  WHEN u."customerId" IS NOT NULL THEN 'reseller:' || (SELECT c."resellerId" FROM "Customer" c WHERE c.id = u."customerId")
  ELSE 'operators' END;
ALTER TABLE "User" ALTER COLUMN "loginScope" SET NOT NULL;
CREATE INDEX "User_email_idx" ON "User"("email");
CREATE UNIQUE INDEX "User_email_loginScope_key" ON "User"("email", "loginScope");

-- Every host publishes the new maps (the worker picks the change up like any other).
UPDATE "MailHost" SET "changeSeq" = "changeSeq" + 1;

-- ─── Added by hand: CHECK constraints (see the init migration for why they live here) ─────────────
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_mailTag_check" CHECK ("mailTag" ~ '^[a-z0-9]{1,12}$');
ALTER TABLE "Account" ADD CONSTRAINT "Account_mailbox_check" CHECK ("mailbox" ~ '^[a-z0-9][a-z0-9._-]{0,76}$');
ALTER TABLE "Account" ADD CONSTRAINT "Account_loginAddress_lower_check" CHECK ("loginAddress" = lower("loginAddress"));
ALTER TABLE "Account" ADD CONSTRAINT "Account_legacyLogin_check" CHECK ("legacyLogin" ~ '^[a-z0-9][a-z0-9._-]{0,63}$');
