CREATE TABLE "recon_differences" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"last_run_id" text NOT NULL,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"recharge_id" text,
	"account_id" text,
	"provider_ref" text,
	"amount" bigint,
	"currency" text,
	"summary" text NOT NULL,
	"ours" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"theirs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"reason" text,
	"journal_id" text,
	"settled_by" text,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recon_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"day" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"statement_orders" integer DEFAULT 0 NOT NULL,
	"our_orders" integer DEFAULT 0 NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	"differences" integer DEFAULT 0 NOT NULL,
	"new_differences" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"float_currency" text,
	"opening_balance" bigint,
	"reported_balance" bigint,
	"booked_balance" bigint,
	"error" text,
	"actor_type" text,
	"actor_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_run_id_recon_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."recon_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_last_run_id_recon_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."recon_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_runs" ADD CONSTRAINT "recon_runs_provider_providers_name_fk" FOREIGN KEY ("provider") REFERENCES "public"."providers"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
CREATE UNIQUE INDEX "recon_differences_subject_uq" ON "recon_differences" USING btree ("provider","kind","subject");--> statement-breakpoint
CREATE INDEX "recon_differences_run_idx" ON "recon_differences" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "recon_differences_state_idx" ON "recon_differences" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "recon_differences_account_idx" ON "recon_differences" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "recon_runs_provider_started_idx" ON "recon_runs" USING btree ("provider","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "recon_runs_schedule_uq" ON "recon_runs" USING btree ("provider","day") WHERE "recon_runs"."trigger" = 'schedule';