-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "targetId" TEXT,
    "client" TEXT NOT NULL,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LoginAttempt_kind_login_at_idx" ON "LoginAttempt"("kind", "login", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_kind_targetId_at_idx" ON "LoginAttempt"("kind", "targetId", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_at_idx" ON "LoginAttempt"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_targetId_at_idx" ON "AuditEvent"("action", "targetId", "at");
