-- conversion_daily_stats_apply (0045) returns at once when the statement's transition
-- tables hold no row a rollup counts; what it adds otherwise is unchanged.
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
