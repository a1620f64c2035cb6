-- ─── Added by hand: the trigram extension the indexes below use (Prisma cannot express it without a
-- preview feature). Trusted since PostgreSQL 13, so the database owner may create it; it ships with the
-- embedded PostgreSQL and with Debian's postgresql package. ─────────────────────────────────────────────
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Account_name_idx" ON "Account" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Account_loginAddress_idx" ON "Account" USING GIN ("loginAddress" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Alias_name_idx" ON "Alias" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "AliasTarget_value_idx" ON "AliasTarget" USING GIN ("value" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Customer_name_idx" ON "Customer" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Domain_name_idx" ON "Domain" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Virtmap_localPart_idx" ON "Virtmap" USING GIN ("localPart" gin_trgm_ops);
