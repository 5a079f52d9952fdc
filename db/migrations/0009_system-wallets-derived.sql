-- System accounts (funding, revenue, commission, provider floats …) keep no cached balance: every
-- settlement posts to one of them, and updating one shared row made all settlements wait on its lock.
-- Their balance is the sum of their postings; the cached columns stay 0 from now on.
UPDATE "wallets" SET "available" = 0, "held" = 0 WHERE "kind" = 'system';
--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_system_uncached" CHECK ("kind" <> 'system' OR ("available" = 0 AND "held" = 0));
