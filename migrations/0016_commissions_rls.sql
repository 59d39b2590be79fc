-- Commissions: forced RLS like every other table (see 0002).
ALTER TABLE commissions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE commission_overrides FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A commission names a conversion of its own brand. Declared here, not in the schema:
-- drizzle-kit would create it before the (id, brand_id) key it needs on conversions.
ALTER TABLE commissions ADD CONSTRAINT commissions_conversion_brand
  FOREIGN KEY (conversion_id, brand_id) REFERENCES conversions (id, brand_id) ON DELETE CASCADE;
--> statement-breakpoint
-- Money records: never deleted, and what was earned (amount, currency, kind, source,
-- explanation) never changes after insert. The app may only move a commission through
-- its lifecycle (status, review, approval, payment).
REVOKE DELETE, UPDATE ON commissions FROM rekomi_app;
--> statement-breakpoint
GRANT UPDATE (status, held_for_review, reviewed_at, reviewed_by, approved_at, paid_at, voided_at, payout_id, updated_at) ON commissions TO rekomi_app;
--> statement-breakpoint
GRANT SELECT ON commissions, conversions, affiliates TO rekomi_lookup;
--> statement-breakpoint
-- The approval job's one cross-tenant question: which earnings are due, and for which brand.
CREATE OR REPLACE FUNCTION due_commissions(p_limit integer)
  RETURNS TABLE (commission_id text, brand_id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT id, brand_id FROM commissions
     WHERE status = 'pending' AND kind = 'earning' AND NOT held_for_review AND hold_until <= now()
     ORDER BY hold_until
     LIMIT least(greatest(p_limit, 1), 1000)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION due_commissions(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION due_commissions(integer) TO rekomi_app;
--> statement-breakpoint
-- Recommended creators: the track record of creators the network lists (credited sales in
-- the last 90 days, across brands). Counts only, and only for listed creators.
CREATE OR REPLACE FUNCTION network_sales_90d(p_affiliate_ids text[])
  RETURNS TABLE (affiliate_id text, sales integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT a.id,
           (SELECT count(*)::int FROM conversions c
             WHERE c.affiliate_id = a.id AND c.type = 'sale' AND c.occurred_at > now() - interval '90 days')
      FROM affiliates a
     WHERE a.id = ANY (p_affiliate_ids[1:500]) AND a.network_status = 'approved'
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION network_sales_90d(text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION network_sales_90d(text[]) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the functions.
ALTER FUNCTION due_commissions(integer) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION network_sales_90d(text[]) OWNER TO rekomi_lookup;
