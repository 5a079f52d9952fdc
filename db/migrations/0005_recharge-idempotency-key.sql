ALTER TABLE "recharges" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "recharges_account_idempotency_uq" ON "recharges" USING btree ("account_id","idempotency_key");