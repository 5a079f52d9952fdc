CREATE TABLE "complaints" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"recharge_id" text NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution_note" text,
	"resolved_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cashback_grants" (
	"id" text PRIMARY KEY NOT NULL,
	"offer_id" text NOT NULL,
	"account_id" text NOT NULL,
	"recharge_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"journal_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cashback_offers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"operator_code" text,
	"currency" text NOT NULL,
	"min_amount" bigint DEFAULT 0 NOT NULL,
	"rate_bps" integer NOT NULL,
	"max_cashback" bigint NOT NULL,
	"max_per_account" integer DEFAULT 1 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cashback_rate_valid" CHECK ("cashback_offers"."rate_bps" > 0 AND "cashback_offers"."rate_bps" <= 10000),
	CONSTRAINT "cashback_window_valid" CHECK ("cashback_offers"."ends_at" > "cashback_offers"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "reward_levels" (
	"id" integer PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"min_points" bigint NOT NULL,
	CONSTRAINT "reward_levels_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "reward_points" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"recharge_id" text NOT NULL,
	"points" bigint NOT NULL,
	"level_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_recharge_id_recharges_id_fk" FOREIGN KEY ("recharge_id") REFERENCES "public"."recharges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cashback_grants" ADD CONSTRAINT "cashback_grants_offer_id_cashback_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."cashback_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cashback_grants" ADD CONSTRAINT "cashback_grants_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cashback_grants" ADD CONSTRAINT "cashback_grants_recharge_id_recharges_id_fk" FOREIGN KEY ("recharge_id") REFERENCES "public"."recharges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_points" ADD CONSTRAINT "reward_points_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_points" ADD CONSTRAINT "reward_points_recharge_id_recharges_id_fk" FOREIGN KEY ("recharge_id") REFERENCES "public"."recharges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_points" ADD CONSTRAINT "reward_points_level_id_reward_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."reward_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaints_account_idx" ON "complaints" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_status_idx" ON "complaints" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_open_uq" ON "complaints" USING btree ("recharge_id") WHERE "complaints"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "cashback_grants_recharge_uq" ON "cashback_grants" USING btree ("recharge_id");--> statement-breakpoint
CREATE INDEX "cashback_grants_account_idx" ON "cashback_grants" USING btree ("account_id","offer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reward_points_recharge_uq" ON "reward_points" USING btree ("recharge_id");--> statement-breakpoint
CREATE INDEX "reward_points_account_idx" ON "reward_points" USING btree ("account_id");