CREATE TABLE "commission_slabs" (
	"id" text PRIMARY KEY NOT NULL,
	"operator_code" text,
	"account_id" text,
	"currency" text,
	"min_amount" bigint DEFAULT 0 NOT NULL,
	"max_amount" bigint,
	"rate_bps" integer NOT NULL,
	"flat" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_slabs_rate_valid" CHECK ("commission_slabs"."rate_bps" >= 0 AND "commission_slabs"."rate_bps" <= 10000),
	CONSTRAINT "commission_slabs_flat_nonneg" CHECK ("commission_slabs"."flat" >= 0),
	CONSTRAINT "commission_slabs_range_valid" CHECK ("commission_slabs"."min_amount" >= 0 AND ("commission_slabs"."max_amount" IS NULL OR "commission_slabs"."max_amount" >= "commission_slabs"."min_amount"))
);
--> statement-breakpoint
CREATE TABLE "number_learnings" (
	"e164" text PRIMARY KEY NOT NULL,
	"operator_code" text NOT NULL,
	"last_success_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "number_rejections" (
	"e164" text NOT NULL,
	"operator_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "number_rejections_e164_operator_code_pk" PRIMARY KEY("e164","operator_code")
);
--> statement-breakpoint
CREATE TABLE "operators" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"currency" text NOT NULL,
	"services" text[] NOT NULL,
	"kind" text NOT NULL,
	"prefixes" text[] DEFAULT '{}'::text[] NOT NULL,
	"min_amount" bigint NOT NULL,
	"max_amount" bigint NOT NULL,
	"postpaid_max_amount" bigint,
	"amount_step" bigint,
	"denominations" bigint[],
	"duplicate_window_seconds" integer DEFAULT 180 NOT NULL,
	"account_pattern" text,
	"account_label" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operators_amounts_valid" CHECK ("operators"."min_amount" > 0 AND "operators"."max_amount" >= "operators"."min_amount"),
	CONSTRAINT "operators_postpaid_max_valid" CHECK ("operators"."postpaid_max_amount" IS NULL OR "operators"."postpaid_max_amount" >= "operators"."min_amount"),
	CONSTRAINT "operators_amount_step_positive" CHECK ("operators"."amount_step" IS NULL OR "operators"."amount_step" > 0),
	CONSTRAINT "operators_duplicate_window_nonneg" CHECK ("operators"."duplicate_window_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plans_cache" (
	"operator_code" text NOT NULL,
	"circle" text DEFAULT '' NOT NULL,
	"plans" jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "plans_cache_operator_code_circle_pk" PRIMARY KEY("operator_code","circle")
);
--> statement-breakpoint
CREATE TABLE "portability_overrides" (
	"e164" text PRIMARY KEY NOT NULL,
	"operator_code" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commission_slabs" ADD CONSTRAINT "commission_slabs_operator_code_operators_code_fk" FOREIGN KEY ("operator_code") REFERENCES "public"."operators"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "commission_slabs" ADD CONSTRAINT "commission_slabs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_learnings" ADD CONSTRAINT "number_learnings_operator_code_operators_code_fk" FOREIGN KEY ("operator_code") REFERENCES "public"."operators"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "number_rejections" ADD CONSTRAINT "number_rejections_operator_code_operators_code_fk" FOREIGN KEY ("operator_code") REFERENCES "public"."operators"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "plans_cache" ADD CONSTRAINT "plans_cache_operator_code_operators_code_fk" FOREIGN KEY ("operator_code") REFERENCES "public"."operators"("code") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "portability_overrides" ADD CONSTRAINT "portability_overrides_operator_code_operators_code_fk" FOREIGN KEY ("operator_code") REFERENCES "public"."operators"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "commission_slabs_account_idx" ON "commission_slabs" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "commission_slabs_operator_idx" ON "commission_slabs" USING btree ("operator_code");--> statement-breakpoint
CREATE INDEX "operators_country_idx" ON "operators" USING btree ("country");