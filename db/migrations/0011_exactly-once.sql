ALTER TABLE "recharges" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recharges" ADD COLUMN "not_found_checks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "recharges" ADD COLUMN "first_not_found_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recharges" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "not_found_window_seconds" integer;--> statement-breakpoint
ALTER TABLE "cashback_grants" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reward_points" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_not_found_window_valid" CHECK ("providers"."not_found_window_seconds" IS NULL OR "providers"."not_found_window_seconds" >= 0);--> statement-breakpoint
-- Orders already in flight: their submit was sent no later than their last update, so measuring the
-- provider's idempotency window from there is on the safe side.
UPDATE "recharges" SET "submitted_at" = "updated_at" WHERE "status" IN ('submitting', 'pending') AND "submitted_at" IS NULL;
