CREATE TABLE "clicks" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"enrollment_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"link_id" text NOT NULL,
	"clicked_at" timestamp with time zone NOT NULL,
	"country" text,
	"referrer" text,
	"user_agent" text,
	"ip_hash" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clicks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "link_daily_clicks" (
	"link_id" text NOT NULL,
	"day" date NOT NULL,
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"enrollment_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"clicks" integer NOT NULL,
	CONSTRAINT "link_daily_clicks_pk" PRIMARY KEY("link_id","day")
);
--> statement-breakpoint
ALTER TABLE "link_daily_clicks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "s2s_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"name" text NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"secret_hint" text NOT NULL,
	"previous_secret_ciphertext" text,
	"previous_secret_expires_at" timestamp with time zone,
	"created_by_user_id" text,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "s2s_keys_previous" CHECK (("s2s_keys"."previous_secret_ciphertext" is null) = ("s2s_keys"."previous_secret_expires_at" is null))
);
--> statement-breakpoint
ALTER TABLE "s2s_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text NOT NULL,
	"key_id" text,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_events_delivery" UNIQUE("brand_id","source","delivery_id"),
	CONSTRAINT "tracking_events_type" CHECK ("tracking_events"."type" in ('lead', 'sale', 'refund')),
	CONSTRAINT "tracking_events_source" CHECK ("tracking_events"."source" in ('s2s'))
);
--> statement-breakpoint
ALTER TABLE "tracking_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "conversions" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"type" text NOT NULL,
	"source_event_id" text NOT NULL,
	"customer_id" text,
	"customer_external_id" text,
	"affiliate_id" text,
	"enrollment_id" text,
	"campaign_id" text,
	"link_id" text,
	"click_id" text,
	"amount" bigint,
	"currency" text,
	"invoice_id" text,
	"product_id" text,
	"sale_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"attribution" jsonb NOT NULL,
	"trail" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversions_source_event" UNIQUE("brand_id","source_event_id"),
	CONSTRAINT "conversions_type" CHECK ("conversions"."type" in ('lead', 'sale', 'refund')),
	CONSTRAINT "conversions_currency" CHECK ("conversions"."currency" is null or "conversions"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "conversions_money" CHECK (("conversions"."type" = 'lead' and "conversions"."amount" is null and "conversions"."currency" is null)
       or ("conversions"."type" in ('sale', 'refund') and "conversions"."amount" >= 0 and "conversions"."currency" is not null and "conversions"."invoice_id" is not null)),
	CONSTRAINT "conversions_credit" CHECK (num_nulls("conversions"."affiliate_id", "conversions"."enrollment_id", "conversions"."campaign_id") in (0, 3))
);
--> statement-breakpoint
ALTER TABLE "conversions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"external_id" text NOT NULL,
	"email" text,
	"click_id" text,
	"link_id" text,
	"enrollment_id" text,
	"campaign_id" text,
	"affiliate_id" text,
	"clicked_at" timestamp with time zone,
	"window_days" integer,
	"attribution_model" text,
	"bound_at" timestamp with time zone,
	"bound_by_event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_external" UNIQUE("brand_id","external_id"),
	CONSTRAINT "customers_binding" CHECK (num_nulls("customers"."click_id", "customers"."link_id", "customers"."enrollment_id", "customers"."campaign_id", "customers"."affiliate_id", "customers"."clicked_at", "customers"."window_days", "customers"."attribution_model", "customers"."bound_at") in (0, 9))
);
--> statement-breakpoint
ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "s2s_keys" ADD CONSTRAINT "s2s_keys_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "s2s_keys" ADD CONSTRAINT "s2s_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_source_event_id_tracking_events_id_fk" FOREIGN KEY ("source_event_id") REFERENCES "public"."tracking_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_sale_id_conversions_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."conversions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_enrollment" FOREIGN KEY ("enrollment_id","brand_id","campaign_id","affiliate_id") REFERENCES "public"."enrollments"("id","brand_id","campaign_id","affiliate_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_enrollment" FOREIGN KEY ("enrollment_id","brand_id","campaign_id","affiliate_id") REFERENCES "public"."enrollments"("id","brand_id","campaign_id","affiliate_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clicks_brand_time" ON "clicks" USING btree ("brand_id","clicked_at");--> statement-breakpoint
CREATE INDEX "clicks_link_time" ON "clicks" USING btree ("link_id","clicked_at");--> statement-breakpoint
CREATE INDEX "clicks_affiliate_time" ON "clicks" USING btree ("affiliate_id","clicked_at");--> statement-breakpoint
CREATE INDEX "link_daily_clicks_brand_day" ON "link_daily_clicks" USING btree ("brand_id","day");--> statement-breakpoint
CREATE INDEX "link_daily_clicks_affiliate_day" ON "link_daily_clicks" USING btree ("affiliate_id","day");--> statement-breakpoint
CREATE INDEX "s2s_keys_brand" ON "s2s_keys" USING btree ("brand_id","id");--> statement-breakpoint
CREATE INDEX "tracking_events_brand" ON "tracking_events" USING btree ("brand_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversions_sale_invoice" ON "conversions" USING btree ("brand_id","invoice_id") WHERE "conversions"."type" = 'sale';--> statement-breakpoint
CREATE INDEX "conversions_brand" ON "conversions" USING btree ("brand_id","id");--> statement-breakpoint
CREATE INDEX "conversions_brand_affiliate" ON "conversions" USING btree ("brand_id","affiliate_id","id");--> statement-breakpoint
CREATE INDEX "conversions_invoice" ON "conversions" USING btree ("brand_id","invoice_id");--> statement-breakpoint
CREATE INDEX "conversions_customer" ON "conversions" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customers_affiliate" ON "customers" USING btree ("brand_id","affiliate_id");--> statement-breakpoint
CREATE POLICY "brand_rows" ON "clicks" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("clicks"."brand_id" = app_brand_id()) WITH CHECK ("clicks"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "clicks" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("clicks"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "brand_rows" ON "link_daily_clicks" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("link_daily_clicks"."brand_id" = app_brand_id()) WITH CHECK ("link_daily_clicks"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "link_daily_clicks" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("link_daily_clicks"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "brand_rows" ON "s2s_keys" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("s2s_keys"."brand_id" = app_brand_id()) WITH CHECK ("s2s_keys"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "s2s_keys" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "tracking_events" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("tracking_events"."brand_id" = app_brand_id()) WITH CHECK ("tracking_events"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "brand_rows" ON "conversions" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("conversions"."brand_id" = app_brand_id()) WITH CHECK ("conversions"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "conversions" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("conversions"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "brand_rows" ON "customers" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("customers"."brand_id" = app_brand_id()) WITH CHECK ("customers"."brand_id" = app_brand_id());