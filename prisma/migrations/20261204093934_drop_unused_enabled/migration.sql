-- Aliases and virtmaps had an `enabled` flag that nothing in the panel ever set (issue 9: one way to do each
-- thing). A row disabled by hand in the database was not on the mail host; dropping the column must not put
-- it there. Such rows are listed in the audit log and removed, so the host routes exactly as before.
INSERT INTO "AuditEvent" ("actorLabel", "action", "targetType", "targetId", "details")
SELECT 'mailpanel migration', 'alias.dropDisabled', 'alias', a.id::text,
       jsonb_build_object('name', a.name, 'mailHostId', a."mailHostId", 'customerId', a."customerId")
FROM "Alias" a WHERE NOT a.enabled;
DELETE FROM "Alias" WHERE NOT enabled;

INSERT INTO "AuditEvent" ("actorLabel", "action", "targetType", "targetId", "details")
SELECT 'mailpanel migration', 'virtmap.dropDisabled', 'virtmap', v.id::text,
       jsonb_build_object('localPart', v."localPart", 'domainId', v."domainId", 'targetKind', v."targetKind"::text, 'targetValue', v."targetValue")
FROM "Virtmap" v WHERE NOT v.enabled;
DELETE FROM "Virtmap" WHERE NOT enabled;

-- AlterTable
ALTER TABLE "Alias" DROP COLUMN "enabled";

-- AlterTable
ALTER TABLE "Virtmap" DROP COLUMN "enabled";
