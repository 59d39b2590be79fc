-- Analytics rollups (src/infra/db/schema/analytics.ts): forced RLS like every table.
ALTER TABLE conversion_daily_stats FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE campaign_daily_conversions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE campaign_daily_clicks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Rows only move by the triggers below, as the writer of the rows they summarise.
REVOKE DELETE, TRUNCATE ON conversion_daily_stats, campaign_daily_conversions, campaign_daily_clicks FROM rekomi_app;
--> statement-breakpoint
-- The top-creators scan of a brand's days, answered from the index alone (index-only scan).
CREATE INDEX conversion_daily_stats_range ON conversion_daily_stats (brand_id, livemode, day)
  INCLUDE (campaign_id, affiliate_id, type, currency, count, amount);
--> statement-breakpoint
-- Adds what a statement's conversion rows contribute (new rows, sign 1) or stop contributing
-- (old rows, sign -1) to both rollups: credited leads, sales, refunds and disputes by UTC day
-- of occurrence. Disputes count when opened; their amount is what was taken back net
-- (opened +, won -, lost 0). SECURITY INVOKER on purpose: the writer's brand principal must
-- own the rollup rows it bumps. Sorted by key, so one statement locks its rollup rows in a
-- fixed order; but row locks are held until commit, so that alone does not keep two
-- transactions of several statements from deadlocking. What does: every writer of a brand's
-- conversions (the events consumer, src/attribution/consumer.ts) first takes that brand's
-- advisory lock, so a brand's writers run one after the other. One statement per trigger
-- run, whatever the batch size.
CREATE OR REPLACE FUNCTION conversion_daily_stats_apply() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
    ELSE 'SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows' END;
BEGIN
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
CREATE TRIGGER conversion_daily_stats_insert AFTER INSERT ON conversions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversion_daily_stats_apply();
--> statement-breakpoint
-- Late credit (a lead binding a customer) and corrections move a conversion between rollup rows.
CREATE TRIGGER conversion_daily_stats_update AFTER UPDATE ON conversions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversion_daily_stats_apply();
--> statement-breakpoint
CREATE TRIGGER conversion_daily_stats_delete AFTER DELETE ON conversions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION conversion_daily_stats_apply();
--> statement-breakpoint
-- campaign_daily_clicks follows link_daily_clicks (whoever writes it: the clicks consumer's
-- upsert fires the INSERT and UPDATE triggers with the rows each touched), as a difference
-- of the statement's new and old rows.
CREATE OR REPLACE FUNCTION campaign_daily_clicks_apply() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT brand_id, day, campaign_id, clicks FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT brand_id, day, campaign_id, -clicks FROM old_rows'
    ELSE 'SELECT brand_id, day, campaign_id, -clicks FROM old_rows UNION ALL SELECT brand_id, day, campaign_id, clicks FROM new_rows' END;
BEGIN
  EXECUTE format($q$
    INSERT INTO campaign_daily_clicks AS s (brand_id, day, campaign_id, clicks)
    SELECT brand_id, day, campaign_id, sum(clicks) FROM (%s) AS changed (brand_id, day, campaign_id, clicks)
     GROUP BY 1, 2, 3 HAVING sum(clicks) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (brand_id, day, campaign_id) DO UPDATE SET clicks = s.clicks + excluded.clicks
  $q$, changed);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER campaign_daily_clicks_insert AFTER INSERT ON link_daily_clicks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_daily_clicks_apply();
--> statement-breakpoint
CREATE TRIGGER campaign_daily_clicks_update AFTER UPDATE ON link_daily_clicks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_daily_clicks_apply();
--> statement-breakpoint
CREATE TRIGGER campaign_daily_clicks_delete AFTER DELETE ON link_daily_clicks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_daily_clicks_apply();
--> statement-breakpoint
-- The rows already recorded. The migration role reads every brand's rows; FORCE comes back right after.
ALTER TABLE conversions NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE link_daily_clicks NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE conversion_daily_stats NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE campaign_daily_conversions NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE campaign_daily_clicks NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO conversion_daily_stats (brand_id, livemode, day, campaign_id, affiliate_id, type, currency, count, amount)
SELECT brand_id, livemode, (occurred_at AT TIME ZONE 'UTC')::date, campaign_id, affiliate_id, type, currency,
       sum(CASE WHEN type <> 'dispute' OR kind = 'opened' THEN 1 ELSE 0 END),
       sum(coalesce(amount, 0) * CASE WHEN type <> 'dispute' OR kind = 'opened' THEN 1 WHEN kind = 'won' THEN -1 ELSE 0 END)
  FROM conversions
 WHERE affiliate_id IS NOT NULL AND type IN ('lead', 'sale', 'refund', 'dispute')
 GROUP BY 1, 2, 3, 4, 5, 6, 7
HAVING sum(CASE WHEN type <> 'dispute' OR kind = 'opened' THEN 1 ELSE 0 END) <> 0
    OR sum(coalesce(amount, 0) * CASE WHEN type <> 'dispute' OR kind = 'opened' THEN 1 WHEN kind = 'won' THEN -1 ELSE 0 END) <> 0;
--> statement-breakpoint
INSERT INTO campaign_daily_conversions (brand_id, livemode, day, campaign_id, type, currency, count, amount)
SELECT brand_id, livemode, day, campaign_id, type, currency, sum(count), sum(amount)
  FROM conversion_daily_stats GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(count) <> 0 OR sum(amount) <> 0;
--> statement-breakpoint
INSERT INTO campaign_daily_clicks (brand_id, day, campaign_id, clicks)
SELECT brand_id, day, campaign_id, sum(clicks) FROM link_daily_clicks GROUP BY 1, 2, 3;
--> statement-breakpoint
ALTER TABLE conversions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE link_daily_clicks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE conversion_daily_stats FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE campaign_daily_conversions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE campaign_daily_clicks FORCE ROW LEVEL SECURITY;
