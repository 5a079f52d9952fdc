CREATE TABLE "config_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "config_version_one_row" CHECK ("config_version"."id")
);
--> statement-breakpoint
INSERT INTO "config_version" ("id", "version") VALUES (true, 0);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refill_bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "config_version" SET "version" = "version" + 1 WHERE "id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "operators_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "operators" FOR EACH STATEMENT EXECUTE FUNCTION refill_bump_config_version();
--> statement-breakpoint
CREATE TRIGGER "providers_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "providers" FOR EACH STATEMENT EXECUTE FUNCTION refill_bump_config_version();
--> statement-breakpoint
CREATE TRIGGER "provider_operator_costs_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "provider_operator_costs" FOR EACH STATEMENT EXECUTE FUNCTION refill_bump_config_version();
--> statement-breakpoint
CREATE TRIGGER "commission_slabs_config_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "commission_slabs" FOR EACH STATEMENT EXECUTE FUNCTION refill_bump_config_version();
