CREATE TABLE "gateway_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"gateway" text NOT NULL,
	"livemode" boolean NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"account_id" text,
	"credentials_ciphertext" text,
	"credentials_hint" text,
	"signing_secret_ciphertext" text,
	"signing_secret_hint" text,
	"secret_source" text NOT NULL,
	"previous_signing_secret_ciphertext" text,
	"previous_signing_secret_expires_at" timestamp with time zone,
	"remote_endpoint_id" text,
	"polled_until" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"created_by_user_id" text,
	"rotated_at" timestamp with time zone,
	"disconnected_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_connections_gateway" CHECK ("gateway_connections"."gateway" in ('stripe', 'paddle', 'braintree')),
	CONSTRAINT "gateway_connections_status" CHECK ("gateway_connections"."status" in ('active', 'disconnected')),
	CONSTRAINT "gateway_connections_secret_source" CHECK ("gateway_connections"."secret_source" in ('registered', 'pasted', 'credentials')),
	CONSTRAINT "gateway_connections_signing_secret" CHECK (("gateway_connections"."secret_source" = 'credentials') = ("gateway_connections"."signing_secret_ciphertext" is null)),
	CONSTRAINT "gateway_connections_previous" CHECK (("gateway_connections"."previous_signing_secret_ciphertext" is null) = ("gateway_connections"."previous_signing_secret_expires_at" is null)),
	CONSTRAINT "gateway_connections_disconnected" CHECK (("gateway_connections"."status" = 'disconnected') = ("gateway_connections"."disconnected_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "gateway_connections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "gateway_signature_refusals" (
	"connection_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"count" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gateway_signature_refusals_pk" PRIMARY KEY("connection_id","hour","reason")
);
--> statement-breakpoint
ALTER TABLE "gateway_signature_refusals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_tiers" (
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"metric" text NOT NULL,
	"threshold" bigint NOT NULL,
	"type" text NOT NULL,
	"rate_bps" integer,
	"amount" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_tiers_pk" PRIMARY KEY("campaign_id","metric","threshold"),
	CONSTRAINT "commission_tiers_metric" CHECK ("commission_tiers"."metric" in ('sales', 'revenue')),
	CONSTRAINT "commission_tiers_threshold" CHECK ("commission_tiers"."threshold" >= 1),
	CONSTRAINT "commission_tiers_value" CHECK (("commission_tiers"."type" = 'percentage' and "commission_tiers"."rate_bps" between 0 and 10000 and "commission_tiers"."amount" is null)
       or ("commission_tiers"."type" = 'flat' and "commission_tiers"."amount" >= 0 and "commission_tiers"."rate_bps" is null))
);
--> statement-breakpoint
ALTER TABLE "commission_tiers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tracking_events" DROP CONSTRAINT "tracking_events_type";--> statement-breakpoint
ALTER TABLE "tracking_events" DROP CONSTRAINT "tracking_events_source";--> statement-breakpoint
ALTER TABLE "conversions" DROP CONSTRAINT "conversions_type";--> statement-breakpoint
ALTER TABLE "conversions" DROP CONSTRAINT "conversions_money";--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_kind";--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_sign";--> statement-breakpoint
ALTER TABLE "tracking_links" ADD COLUMN "promo_code" text;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD COLUMN "connection_id" text;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD COLUMN "livemode" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "source" text DEFAULT 's2s' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "connection_id" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "livemode" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "payment_id" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "subscription_id" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "price_id" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "reference_id" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "promo_code" text;--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "livemode" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_connections" ADD CONSTRAINT "gateway_connections_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_connections" ADD CONSTRAINT "gateway_connections_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_signature_refusals" ADD CONSTRAINT "gateway_signature_refusals_connection_id_gateway_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."gateway_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_tiers" ADD CONSTRAINT "commission_tiers_campaign" FOREIGN KEY ("campaign_id","brand_id") REFERENCES "public"."campaigns"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_connections_brand" ON "gateway_connections" USING btree ("brand_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_connections_active" ON "gateway_connections" USING btree ("brand_id","gateway","livemode") WHERE "gateway_connections"."status" = 'active';--> statement-breakpoint
CREATE INDEX "gateway_signature_refusals_brand" ON "gateway_signature_refusals" USING btree ("brand_id","hour");--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_connection_id_gateway_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."gateway_connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_connection_id_gateway_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."gateway_connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_links_promo_code" ON "tracking_links" USING btree ("brand_id","promo_code") WHERE "tracking_links"."promo_code" is not null;--> statement-breakpoint
CREATE INDEX "tracking_events_connection" ON "tracking_events" USING btree ("connection_id","received_at");--> statement-breakpoint
CREATE INDEX "conversions_payment" ON "conversions" USING btree ("brand_id","payment_id");--> statement-breakpoint
CREATE INDEX "conversions_subscription" ON "conversions" USING btree ("brand_id","subscription_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversions_refund_reference" ON "conversions" USING btree ("brand_id","reference_id") WHERE "conversions"."type" = 'refund' and "conversions"."reference_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "conversions_dispute_phase" ON "conversions" USING btree ("brand_id","reference_id","kind") WHERE "conversions"."type" = 'dispute';--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_type" CHECK ("tracking_events"."type" in ('lead', 'sale', 'refund', 'dispute', 'cancellation', 'trial_started', 'ignored'));--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_source" CHECK ("tracking_events"."source" in ('s2s', 'stripe', 'paddle', 'braintree'));--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_kind" CHECK (("conversions"."type" = 'sale' and ("conversions"."kind" is null or "conversions"."kind" in ('first_purchase', 'renewal', 'upgrade', 'proration', 'one_time')))
       or ("conversions"."type" = 'refund' and ("conversions"."kind" is null or "conversions"."kind" in ('full', 'partial')))
       or ("conversions"."type" = 'dispute' and "conversions"."kind" in ('opened', 'won', 'lost') and "conversions"."reference_id" is not null)
       or ("conversions"."type" in ('lead', 'cancellation', 'trial_started') and "conversions"."kind" is null));--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_type" CHECK ("conversions"."type" in ('lead', 'sale', 'refund', 'dispute', 'cancellation', 'trial_started'));--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_money" CHECK (("conversions"."type" in ('lead', 'cancellation', 'trial_started') and "conversions"."amount" is null and "conversions"."currency" is null)
       or ("conversions"."type" = 'sale' and "conversions"."amount" >= 0 and "conversions"."currency" is not null and "conversions"."invoice_id" is not null)
       or ("conversions"."type" in ('refund', 'dispute') and "conversions"."amount" >= 0 and "conversions"."currency" is not null and ("conversions"."invoice_id" is not null or "conversions"."payment_id" is not null)));--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_kind" CHECK ("commissions"."kind" in ('earning', 'reversal', 'clawback', 'reinstatement'));--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_sign" CHECK (("commissions"."kind" = 'earning' and "commissions"."amount" >= 0 and "commissions"."reverses_id" is null)
       or ("commissions"."kind" in ('reversal', 'clawback') and "commissions"."amount" < 0 and "commissions"."reverses_id" is not null)
       or ("commissions"."kind" = 'reinstatement' and "commissions"."amount" > 0 and "commissions"."reverses_id" is not null));--> statement-breakpoint
CREATE POLICY "brand_rows" ON "gateway_connections" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("gateway_connections"."brand_id" = app_brand_id()) WITH CHECK ("gateway_connections"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "gateway_connections" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "gateway_signature_refusals" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("gateway_signature_refusals"."brand_id" = app_brand_id()) WITH CHECK ("gateway_signature_refusals"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "brand_rows" ON "commission_tiers" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("commission_tiers"."brand_id" = app_brand_id()) WITH CHECK ("commission_tiers"."brand_id" = app_brand_id());