CREATE TABLE "campaign_daily_clicks" (
	"brand_id" text NOT NULL,
	"day" date NOT NULL,
	"campaign_id" text NOT NULL,
	"clicks" bigint NOT NULL,
	CONSTRAINT "campaign_daily_clicks_pk" PRIMARY KEY("brand_id","day","campaign_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_daily_clicks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaign_daily_conversions" (
	"brand_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"day" date NOT NULL,
	"campaign_id" text NOT NULL,
	"type" text NOT NULL,
	"currency" text,
	"count" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "campaign_daily_conversions_key" UNIQUE NULLS NOT DISTINCT("brand_id","livemode","day","campaign_id","type","currency")
);
--> statement-breakpoint
ALTER TABLE "campaign_daily_conversions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "conversion_daily_stats" (
	"brand_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"day" date NOT NULL,
	"campaign_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"type" text NOT NULL,
	"currency" text,
	"count" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "conversion_daily_stats_key" UNIQUE NULLS NOT DISTINCT("brand_id","livemode","day","campaign_id","affiliate_id","type","currency")
);
--> statement-breakpoint
ALTER TABLE "conversion_daily_stats" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "campaign_daily_clicks" ADD CONSTRAINT "campaign_daily_clicks_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_daily_conversions" ADD CONSTRAINT "campaign_daily_conversions_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversion_daily_stats" ADD CONSTRAINT "conversion_daily_stats_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversion_daily_stats_affiliate_day" ON "conversion_daily_stats" USING btree ("affiliate_id","day");--> statement-breakpoint
CREATE POLICY "brand_rows" ON "campaign_daily_clicks" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("campaign_daily_clicks"."brand_id" = (select app_brand_id())) WITH CHECK ("campaign_daily_clicks"."brand_id" = (select app_brand_id()));--> statement-breakpoint
CREATE POLICY "brand_rows" ON "campaign_daily_conversions" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("campaign_daily_conversions"."brand_id" = (select app_brand_id())) WITH CHECK ("campaign_daily_conversions"."brand_id" = (select app_brand_id()));--> statement-breakpoint
CREATE POLICY "brand_rows" ON "conversion_daily_stats" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("conversion_daily_stats"."brand_id" = (select app_brand_id())) WITH CHECK ("conversion_daily_stats"."brand_id" = (select app_brand_id()));--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "conversion_daily_stats" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("conversion_daily_stats"."affiliate_id" = (select app_affiliate_id()));