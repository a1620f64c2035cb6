-- CreateIndex
CREATE INDEX "Virtmap_localPart_id_idx" ON "Virtmap"("localPart", "id");
