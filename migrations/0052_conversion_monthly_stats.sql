CREATE TABLE "conversion_monthly_stats" (
	"brand_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"month" date NOT NULL,
	"campaign_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"type" text NOT NULL,
	"currency" text,
	"count" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "conversion_monthly_stats_key" UNIQUE NULLS NOT DISTINCT("brand_id","livemode","month","campaign_id","affiliate_id","type","currency")
);
--> statement-breakpoint
ALTER TABLE "conversion_monthly_stats" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "conversion_monthly_stats" ADD CONSTRAINT "conversion_monthly_stats_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "brand_rows" ON "conversion_monthly_stats" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("conversion_monthly_stats"."brand_id" = (select app_brand_id())) WITH CHECK ("conversion_monthly_stats"."brand_id" = (select app_brand_id()));--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "conversion_monthly_stats" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("conversion_monthly_stats"."affiliate_id" = (select app_affiliate_id()));