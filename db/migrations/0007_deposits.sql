CREATE SEQUENCE "public"."deposit_address_index_seq" INCREMENT BY 1 MINVALUE 0 MAXVALUE 9223372036854775807 START WITH 0 CACHE 1;--> statement-breakpoint
CREATE TABLE "chain_transfers" (
	"id" text PRIMARY KEY NOT NULL,
	"tx_hash" text NOT NULL,
	"log_index" integer NOT NULL,
	"address" text NOT NULL,
	"account_id" text NOT NULL,
	"deposit_id" text NOT NULL,
	"amount_micro" bigint NOT NULL,
	"block_number" bigint NOT NULL,
	"confirmations" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'confirming' NOT NULL,
	"wallet_id" text,
	"rate_micro" bigint,
	"credited_minor" bigint,
	"journal_id" text,
	"late" boolean DEFAULT false NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"credited_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chain_transfers_amount_positive" CHECK ("chain_transfers"."amount_micro" > 0)
);
--> statement-breakpoint
CREATE TABLE "deposit_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"derivation_index" integer NOT NULL,
	"address" text NOT NULL,
	"local_user_mark" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deposits" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"reference" text NOT NULL,
	"request_hash" text NOT NULL,
	"channel" text NOT NULL,
	"api_key_id" text,
	"address_id" text NOT NULL,
	"address" text NOT NULL,
	"expected_micro" bigint NOT NULL,
	"received_micro" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'awaiting_payment' NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"credit_currency" text NOT NULL,
	"quote_rate_micro" bigint,
	"credited_minor" bigint DEFAULT 0 NOT NULL,
	"notify_url" text,
	"local_user_mark" text,
	"username" text,
	"expires_at" timestamp with time zone NOT NULL,
	"credited_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"resolution" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deposits_expected_nonneg" CHECK ("deposits"."expected_micro" >= 0),
	CONSTRAINT "deposits_received_nonneg" CHECK ("deposits"."received_micro" >= 0)
);
--> statement-breakpoint
CREATE TABLE "usdt_rates" (
	"id" text PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"rate_micro" bigint NOT NULL,
	"set_by" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usdt_rates_positive" CHECK ("usdt_rates"."rate_micro" > 0)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "secret_enc" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "format" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "signing_key_id" text;--> statement-breakpoint
ALTER TABLE "chain_transfers" ADD CONSTRAINT "chain_transfers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chain_transfers" ADD CONSTRAINT "chain_transfers_deposit_id_deposits_id_fk" FOREIGN KEY ("deposit_id") REFERENCES "public"."deposits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chain_transfers" ADD CONSTRAINT "chain_transfers_wallet_id_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chain_transfers" ADD CONSTRAINT "chain_transfers_journal_id_journals_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_addresses" ADD CONSTRAINT "deposit_addresses_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_address_id_deposit_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."deposit_addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chain_transfers_tx_log_uq" ON "chain_transfers" USING btree ("tx_hash","log_index");--> statement-breakpoint
CREATE UNIQUE INDEX "chain_transfers_journal_uq" ON "chain_transfers" USING btree ("journal_id");--> statement-breakpoint
CREATE INDEX "chain_transfers_deposit_idx" ON "chain_transfers" USING btree ("deposit_id");--> statement-breakpoint
CREATE INDEX "chain_transfers_account_idx" ON "chain_transfers" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deposit_addresses_index_uq" ON "deposit_addresses" USING btree ("derivation_index");--> statement-breakpoint
CREATE UNIQUE INDEX "deposit_addresses_address_uq" ON "deposit_addresses" USING btree ("address");--> statement-breakpoint
CREATE INDEX "deposit_addresses_account_idx" ON "deposit_addresses" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deposits_account_reference_uq" ON "deposits" USING btree ("account_id","reference");--> statement-breakpoint
CREATE INDEX "deposits_account_idx" ON "deposits" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "deposits_address_idx" ON "deposits" USING btree ("address_id","created_at");--> statement-breakpoint
CREATE INDEX "deposits_due_expiry_idx" ON "deposits" USING btree ("expires_at") WHERE "deposits"."status" = 'awaiting_payment';--> statement-breakpoint
CREATE INDEX "usdt_rates_currency_idx" ON "usdt_rates" USING btree ("currency","created_at");