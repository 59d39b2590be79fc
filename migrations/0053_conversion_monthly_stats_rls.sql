-- conversion_monthly_stats (0052): forced RLS like every table, moved only by the trigger.
-- First, no writer of conversions may run until this commits: one that ran between the new
-- trigger function and the backfill below with the old function would be missing from the
-- monthly rollup for good (migrations run in one transaction; the lock ends with it).
LOCK TABLE conversions IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
ALTER TABLE conversion_monthly_stats FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON conversion_monthly_stats FROM rekomi_app;
--> statement-breakpoint
-- The top-creators scan of a brand's whole months, answered from the index alone.
CREATE INDEX conversion_monthly_stats_range ON conversion_monthly_stats (brand_id, livemode, month)
  INCLUDE (campaign_id, affiliate_id, type, currency, count, amount);
--> statement-breakpoint
-- 0051's function (0045's, returning at once when nothing counted changed), with the
-- monthly rollup as a third target of the same statement (the same delta, summed by month;
-- sorted by key like the others). Everything else as in 0051.
CREATE OR REPLACE FUNCTION conversion_daily_stats_apply() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
    ELSE 'SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows' END;
BEGIN
  -- A statement that wrote no credited lead, sale, refund or dispute changes no rollup:
  -- return before planning the upsert below (EXECUTE plans it afresh on every call). Most
  -- statements on conversions are such: the events consumer's adoption of earlier sales
  -- (an UPDATE that usually matches nothing), uncredited conversions, cancellations.
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows WHERE affiliate_id IS NOT NULL AND type IN ('lead', 'sale', 'refund', 'dispute')) THEN RETURN NULL; END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows WHERE affiliate_id IS NOT NULL AND type IN ('lead', 'sale', 'refund', 'dispute')) THEN RETURN NULL; END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM new_rows WHERE affiliate_id IS NOT NULL AND type IN ('lead', 'sale', 'refund', 'dispute'))
    AND NOT EXISTS (SELECT 1 FROM old_rows WHERE affiliate_id IS NOT NULL AND type IN ('lead', 'sale', 'refund', 'dispute')) THEN
    RETURN NULL;
  END IF;
  -- Dynamic only to pick the transition tables this operation has (plpgsql sees them in EXECUTE).
  EXECUTE format($q$
    WITH delta AS (
      SELECT brand_id, livemode, day, campaign_id, affiliate_id, type, currency, sum(n) AS n, sum(money) AS money
        FROM (SELECT brand_id, livemode, (occurred_at AT TIME ZONE 'UTC')::date AS day, campaign_id, affiliate_id, type, currency,
                     sign * CASE WHEN type <> 'dispute' OR kind = 'opened' THEN 1 ELSE 0 END AS n,
                     sign * coalesce(amount, 0) * CASE WHEN type <> 'dispute' OR kind = 'opened' THEN 1 WHEN kind = 'won' THEN -1 ELSE 0 END AS money
                FROM (%s) AS changed
               WHERE affiliate_id IS NOT NULL AND type IN ('lead', 'sale', 'refund', 'dispute')) AS r
       GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(n) <> 0 OR sum(money) <> 0
    ), by_creator AS (
      INSERT INTO conversion_daily_stats AS s (brand_id, livemode, day, campaign_id, affiliate_id, type, currency, count, amount)
      SELECT * FROM delta ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT ON CONSTRAINT conversion_daily_stats_key
        DO UPDATE SET count = s.count + excluded.count, amount = s.amount + excluded.amount
    ), by_month AS (
      INSERT INTO conversion_monthly_stats AS s (brand_id, livemode, month, campaign_id, affiliate_id, type, currency, count, amount)
      SELECT brand_id, livemode, date_trunc('month', day::timestamp)::date, campaign_id, affiliate_id, type, currency, sum(n), sum(money) FROM delta
       GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(n) <> 0 OR sum(money) <> 0
       ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT ON CONSTRAINT conversion_monthly_stats_key
        DO UPDATE SET count = s.count + excluded.count, amount = s.amount + excluded.amount
    )
    INSERT INTO campaign_daily_conversions AS s (brand_id, livemode, day, campaign_id, type, currency, count, amount)
    SELECT brand_id, livemode, day, campaign_id, type, currency, sum(n), sum(money) FROM delta
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(n) <> 0 OR sum(money) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT campaign_daily_conversions_key
      DO UPDATE SET count = s.count + excluded.count, amount = s.amount + excluded.amount
  $q$, changed);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The months already recorded, from the daily rollup (equal to the raw sums, migration 0045).
ALTER TABLE conversion_daily_stats NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE conversion_monthly_stats NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO conversion_monthly_stats (brand_id, livemode, month, campaign_id, affiliate_id, type, currency, count, amount)
SELECT brand_id, livemode, date_trunc('month', day::timestamp)::date, campaign_id, affiliate_id, type, currency, sum(count), sum(amount)
  FROM conversion_daily_stats
 GROUP BY 1, 2, 3, 4, 5, 6, 7
HAVING sum(count) <> 0 OR sum(amount) <> 0;
--> statement-breakpoint
ALTER TABLE conversion_daily_stats FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE conversion_monthly_stats FORCE ROW LEVEL SECURITY;
