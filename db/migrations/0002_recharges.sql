CREATE TABLE "recharge_events" (
	"id" text PRIMARY KEY NOT NULL,
	"recharge_id" text NOT NULL,
	"account_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recharges" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"reference" text NOT NULL,
	"request_hash" text NOT NULL,
	"channel" text NOT NULL,
	"service" text NOT NULL,
	"account_type" text DEFAULT 'prepaid' NOT NULL,
	"country" text NOT NULL,
	"operator" text NOT NULL,
	"target" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"commission" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"failure_code" text,
	"failure_reason" text,
	"provider" text,
	"provider_ref" text,
	"operator_transaction_id" text,
	"balance_before" bigint,
	"balance_after" bigint,
	"notify_url" text,
	"tried_providers" text[] DEFAULT '{}' NOT NULL,
	"next_run_at" timestamp with time zone,
	"check_attempts" integer DEFAULT 0 NOT NULL,
	"check_deadline" timestamp with time zone,
	"needs_review" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "recharges_amount_positive" CHECK ("recharges"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "recharge_events" ADD CONSTRAINT "recharge_events_recharge_id_recharges_id_fk" FOREIGN KEY ("recharge_id") REFERENCES "public"."recharges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recharge_events" ADD CONSTRAINT "recharge_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recharges" ADD CONSTRAINT "recharges_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recharge_events_recharge_idx" ON "recharge_events" USING btree ("recharge_id");--> statement-breakpoint
CREATE INDEX "recharge_events_account_idx" ON "recharge_events" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recharges_account_reference_uq" ON "recharges" USING btree ("account_id","reference");--> statement-breakpoint
CREATE INDEX "recharges_account_created_idx" ON "recharges" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "recharges_due_idx" ON "recharges" USING btree ("next_run_at") WHERE "recharges"."next_run_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "recharges_dup_idx" ON "recharges" USING btree ("account_id","target","operator","created_at");