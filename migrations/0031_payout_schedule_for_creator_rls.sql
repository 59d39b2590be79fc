-- The creator's Payouts page shows each brand's next payout date, but payout_policies is the
-- brand's own table (a creator cannot read it under RLS). This answers exactly that: the next
-- scheduled run of the brands the current creator (app.affiliate_id) is enrolled with.
CREATE OR REPLACE FUNCTION payout_schedule_for_creator()
  RETURNS TABLE (brand_id text, next_run_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT p.brand_id, p.next_run_at FROM payout_policies p
    WHERE app_affiliate_id() IS NOT NULL
      AND EXISTS (SELECT 1 FROM enrollments e WHERE e.brand_id = p.brand_id AND e.affiliate_id = app_affiliate_id())
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION payout_schedule_for_creator() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION payout_schedule_for_creator() TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION payout_schedule_for_creator() OWNER TO rekomi_lookup;
