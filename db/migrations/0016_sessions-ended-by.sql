ALTER TABLE "users" ADD COLUMN "sessions_ended_by" text;--> statement-breakpoint
-- Before this column only a password change (or a merchant's reset) moved the session version.
UPDATE "users" SET "sessions_ended_by" = 'password_changed' WHERE "session_version" > 1;
