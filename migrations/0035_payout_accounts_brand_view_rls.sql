-- A brand read creators' whole payout_accounts rows (brand_reads), including the latest bank
-- payout (money from every brand the creator works with), Stripe's requirements and the
-- disabled reason. The run preview needs only whether each creator can take a transfer, and
-- to where: this answers exactly that, for creators enrolled with the current brand.
DROP POLICY "brand_reads" ON "payout_accounts" CASCADE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION payout_accounts_for_brand(p_affiliate_ids text[])
  RETURNS TABLE (affiliate_id text, stripe_account_id text, transfers_active boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT a.affiliate_id, a.stripe_account_id, a.transfers_active FROM payout_accounts a
    WHERE app_brand_id() IS NOT NULL
      AND a.affiliate_id = ANY (p_affiliate_ids)
      AND EXISTS (SELECT 1 FROM enrollments e WHERE e.brand_id = app_brand_id() AND e.affiliate_id = a.affiliate_id)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION payout_accounts_for_brand(text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION payout_accounts_for_brand(text[]) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION payout_accounts_for_brand(text[]) OWNER TO rekomi_lookup;
