-- Issue 10: an account's standing points (reward_points not taken back) kept as a running total, so
-- awarding points reads one row instead of summing the account's whole history. Kept here, by a
-- trigger, so every path (award, take-back, an admin's plain SQL) moves it in the same transaction.
CREATE OR REPLACE FUNCTION refill_reward_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.revoked_at IS NULL THEN
    UPDATE reward_totals SET points = points - OLD.points, updated_at = now() WHERE account_id = OLD.account_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.revoked_at IS NULL THEN
    INSERT INTO reward_totals (account_id, points) VALUES (NEW.account_id, NEW.points)
      ON CONFLICT (account_id) DO UPDATE SET points = reward_totals.points + EXCLUDED.points, updated_at = now();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reward_points_totals AFTER INSERT OR UPDATE OR DELETE ON reward_points
  FOR EACH ROW EXECUTE FUNCTION refill_reward_totals();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refill_reward_totals_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM reward_totals;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reward_points_totals_truncate AFTER TRUNCATE ON reward_points
  FOR EACH STATEMENT EXECUTE FUNCTION refill_reward_totals_truncate();
--> statement-breakpoint
-- The totals of the history so far (in the same migration transaction as the trigger).
INSERT INTO reward_totals (account_id, points)
  SELECT account_id, coalesce(sum(points) FILTER (WHERE revoked_at IS NULL), 0) FROM reward_points GROUP BY account_id
  ON CONFLICT (account_id) DO UPDATE SET points = EXCLUDED.points, updated_at = now();
