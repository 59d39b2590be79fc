CREATE TABLE "commission_overrides" (
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"product_id" text NOT NULL,
	"type" text NOT NULL,
	"rate_bps" integer,
	"amount" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_overrides_pk" PRIMARY KEY("campaign_id","product_id"),
	CONSTRAINT "commission_overrides_value" CHECK (("commission_overrides"."type" = 'percentage' and "commission_overrides"."rate_bps" between 0 and 10000 and "commission_overrides"."amount" is null)
       or ("commission_overrides"."type" = 'flat' and "commission_overrides"."amount" >= 0 and "commission_overrides"."rate_bps" is null))
);
--> statement-breakpoint
ALTER TABLE "commission_overrides" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commissions" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"enrollment_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"conversion_id" text NOT NULL,
	"source_event_id" text NOT NULL,
	"kind" text NOT NULL,
	"reverses_id" text,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"hold_until" timestamp with time zone NOT NULL,
	"held_for_review" boolean DEFAULT false NOT NULL,
	"review_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"explanation" jsonb NOT NULL,
	"approved_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"payout_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commissions_conversion" UNIQUE("brand_id","conversion_id"),
	CONSTRAINT "commissions_id_brand" UNIQUE("id","brand_id"),
	CONSTRAINT "commissions_kind" CHECK ("commissions"."kind" in ('earning', 'reversal', 'clawback')),
	CONSTRAINT "commissions_status" CHECK ("commissions"."status" in ('pending', 'approved', 'paid', 'reversed', 'voided')),
	CONSTRAINT "commissions_currency" CHECK ("commissions"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "commissions_sign" CHECK (("commissions"."kind" = 'earning' and "commissions"."amount" >= 0 and "commissions"."reverses_id" is null)
       or ("commissions"."kind" in ('reversal', 'clawback') and "commissions"."amount" < 0 and "commissions"."reverses_id" is not null)),
	CONSTRAINT "commissions_review_only_earnings" CHECK ("commissions"."kind" = 'earning' or not "commissions"."held_for_review"),
	CONSTRAINT "commissions_approved_at" CHECK ("commissions"."status" not in ('approved', 'paid') or "commissions"."approved_at" is not null),
	CONSTRAINT "commissions_paid_at" CHECK (("commissions"."status" = 'paid') = ("commissions"."paid_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "commissions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "commission_overrides" ADD CONSTRAINT "commission_overrides_campaign" FOREIGN KEY ("campaign_id","brand_id") REFERENCES "public"."campaigns"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_source_event_id_tracking_events_id_fk" FOREIGN KEY ("source_event_id") REFERENCES "public"."tracking_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_enrollment" FOREIGN KEY ("enrollment_id","brand_id","campaign_id","affiliate_id") REFERENCES "public"."enrollments"("id","brand_id","campaign_id","affiliate_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_reverses" FOREIGN KEY ("reverses_id","brand_id") REFERENCES "public"."commissions"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commissions_brand" ON "commissions" USING btree ("brand_id","id");--> statement-breakpoint
CREATE INDEX "commissions_brand_affiliate" ON "commissions" USING btree ("brand_id","affiliate_id","id");--> statement-breakpoint
CREATE INDEX "commissions_affiliate" ON "commissions" USING btree ("affiliate_id","id");--> statement-breakpoint
CREATE INDEX "commissions_reverses_idx" ON "commissions" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "commissions_due" ON "commissions" USING btree ("hold_until") WHERE "commissions"."status" = 'pending' and "commissions"."kind" = 'earning' and not "commissions"."held_for_review";--> statement-breakpoint
CREATE INDEX "commissions_review" ON "commissions" USING btree ("brand_id","id") WHERE "commissions"."held_for_review" and "commissions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "clicks_link_ip_time" ON "clicks" USING btree ("link_id","ip_hash","clicked_at");--> statement-breakpoint
CREATE INDEX "conversions_affiliate_time" ON "conversions" USING btree ("affiliate_id","type","occurred_at");--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_id_brand" UNIQUE("id","brand_id");--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "affiliates" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "conversions" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "commission_overrides" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("commission_overrides"."brand_id" = app_brand_id()) WITH CHECK ("commission_overrides"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "brand_rows" ON "commissions" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("commissions"."brand_id" = app_brand_id()) WITH CHECK ("commissions"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "commissions" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("commissions"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "commissions" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);