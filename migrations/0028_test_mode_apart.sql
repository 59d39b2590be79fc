DROP INDEX "gateway_connections_active";--> statement-breakpoint
ALTER TABLE "gateway_connections" ADD COLUMN "connect" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_connections_active" ON "gateway_connections" USING btree ("brand_id","gateway","livemode","connect") WHERE "gateway_connections"."status" = 'active';--> statement-breakpoint
ALTER POLICY "brand_reviews" ON "tax_form_reviews" TO rekomi_app WITH CHECK ("tax_form_reviews"."brand_id" = app_brand_id() and "tax_form_reviews"."reviewed_by_user_id" = app_user_id() and (exists (select 1 from enrollments e where e.brand_id = app_brand_id() and e.affiliate_id = "tax_form_reviews"."affiliate_id" and e.consented_at is not null and e.status in ('approved', 'paused', 'ended')) and exists (select 1 from commissions c where c.brand_id = app_brand_id() and c.affiliate_id = "tax_form_reviews"."affiliate_id" and c.kind = 'earning' and c.livemode and c.amount > 0 and c.status <> 'voided'))
        and exists (select 1 from tax_forms f where f.id = "tax_form_reviews"."tax_form_id" and f.affiliate_id = "tax_form_reviews"."affiliate_id" and f.status in ('submitted', 'accepted')));--> statement-breakpoint
ALTER POLICY "brand_reads" ON "tax_forms" TO rekomi_app USING (app_brand_id() is not null and (exists (select 1 from enrollments e where e.brand_id = app_brand_id() and e.affiliate_id = "tax_forms"."affiliate_id" and e.consented_at is not null and e.status in ('approved', 'paused', 'ended')) and exists (select 1 from commissions c where c.brand_id = app_brand_id() and c.affiliate_id = "tax_forms"."affiliate_id" and c.kind = 'earning' and c.livemode and c.amount > 0 and c.status <> 'voided')));--> statement-breakpoint
-- Test mode stays apart from the network's track record: a test-mode sale costs a brand
-- nothing, so counting it would let any brand inflate a creator's ranking for free.
-- Replaced as its owner (rekomi_lookup), which keeps its grants.
SET ROLE rekomi_lookup;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION network_sales_90d(p_affiliate_ids text[])
  RETURNS TABLE (affiliate_id text, sales integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT a.id,
           (SELECT count(*)::int FROM conversions c
             WHERE c.affiliate_id = a.id AND c.type = 'sale' AND c.livemode AND c.occurred_at > now() - interval '90 days')
      FROM affiliates a
     WHERE a.id = ANY (p_affiliate_ids[1:500]) AND a.network_status = 'approved'
  $$;
--> statement-breakpoint
RESET ROLE;
