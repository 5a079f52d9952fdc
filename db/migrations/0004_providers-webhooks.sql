CREATE TABLE "provider_breakers" (
	"provider" text PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'closed' NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone,
	"probe_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"recharge_id" text,
	"account_id" text,
	"operation" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"method" text NOT NULL,
	"url" text NOT NULL,
	"request" jsonb,
	"response" jsonb,
	"http_status" integer,
	"latency_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_operator_costs" (
	"provider" text NOT NULL,
	"operator_code" text NOT NULL,
	"cost_bps" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	CONSTRAINT "provider_operator_costs_provider_operator_code_pk" PRIMARY KEY("provider","operator_code")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"name" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"style" text NOT NULL,
	"base_url" text NOT NULL,
	"credentials_enc" text NOT NULL,
	"timeout_ms" integer DEFAULT 10000 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"simulated" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_timeout_positive" CHECK ("providers"."timeout_ms" > 0),
	CONSTRAINT "providers_weight_positive" CHECK ("providers"."weight" > 0)
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"account_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"response_excerpt" text,
	"error" text,
	"trigger" text DEFAULT 'schedule' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"type" text NOT NULL,
	"subject_id" text,
	"url" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "provider_breakers" ADD CONSTRAINT "provider_breakers_provider_providers_name_fk" FOREIGN KEY ("provider") REFERENCES "public"."providers"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "provider_operator_costs" ADD CONSTRAINT "provider_operator_costs_provider_providers_name_fk" FOREIGN KEY ("provider") REFERENCES "public"."providers"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_calls_recharge_idx" ON "provider_calls" USING btree ("recharge_id");--> statement-breakpoint
CREATE INDEX "provider_calls_account_idx" ON "provider_calls" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "provider_calls_provider_created_idx" ON "provider_calls" USING btree ("provider","created_at");--> statement-breakpoint
CREATE INDEX "provider_costs_operator_idx" ON "provider_operator_costs" USING btree ("operator_code");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id");--> statement-breakpoint
CREATE INDEX "webhook_attempts_account_idx" ON "webhook_attempts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_account_idx" ON "webhook_deliveries" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at");