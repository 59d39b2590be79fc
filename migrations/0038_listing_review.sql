ALTER TABLE "campaigns" ADD COLUMN "listing_status" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "listing_submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "listing_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "listing_reviewed_by" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "listing_review_note" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "listing_changes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "campaigns_listing_queue" ON "campaigns" USING btree ("listing_status","listing_submitted_at");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_listing_status" CHECK ("campaigns"."listing_status" in ('pending', 'approved', 'rejected'));--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "campaigns" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_updates" ON "campaigns" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "commission_tiers" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
ALTER POLICY "affiliate_reads" ON "campaigns" TO rekomi_app USING (app_affiliate_id() is not null and (("campaigns"."visibility" = 'listed' and "campaigns"."status" = 'active' and "campaigns"."listing_status" = 'approved')
        or exists (select 1 from enrollments e where e.campaign_id = "campaigns"."id")));--> statement-breakpoint
ALTER POLICY "affiliate_applies" ON "enrollments" TO rekomi_app WITH CHECK ("enrollments"."affiliate_id" = app_affiliate_id() and "enrollments"."status" = 'pending'
        and exists (select 1 from campaigns c where c.id = "enrollments"."campaign_id" and c.brand_id = "enrollments"."brand_id"
          and c.visibility = 'listed' and c.status = 'active' and c.listing_status = 'approved'));