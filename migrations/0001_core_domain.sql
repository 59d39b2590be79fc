CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text,
	"email_verified_at" timestamp with time zone,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"suspended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_shape" CHECK ("users"."email" ~ '^[^@\s]+@[^@\s]+$')
);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "brand_members" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_members_brand_user" UNIQUE("brand_id","user_id"),
	CONSTRAINT "brand_members_role" CHECK ("brand_members"."role" in ('owner', 'admin', 'member', 'viewer'))
);
--> statement-breakpoint
ALTER TABLE "brand_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "brands" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"website_url" text,
	"default_currency" text DEFAULT 'USD' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brands_currency" CHECK ("brands"."default_currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "brands_status" CHECK ("brands"."status" in ('active', 'suspended'))
);
--> statement-breakpoint
ALTER TABLE "brands" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "affiliates" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"bio" text,
	"audience" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"niches" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"content_formats" text[] DEFAULT '{}'::text[] NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"network_status" text DEFAULT 'unlisted' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "affiliates_network_status" CHECK ("affiliates"."network_status" in ('unlisted', 'pending', 'approved', 'rejected', 'suspended'))
);
--> statement-breakpoint
ALTER TABLE "affiliates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"destination_url" text NOT NULL,
	"landing_page_url" text,
	"cookie_window_days" integer DEFAULT 30 NOT NULL,
	"attribution_model" text DEFAULT 'last_click' NOT NULL,
	"visibility" text DEFAULT 'private' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"target_markets" text[] DEFAULT '{}'::text[] NOT NULL,
	"niches" text[] DEFAULT '{}'::text[] NOT NULL,
	"terms" text,
	"commission_type" text NOT NULL,
	"commission_rate_bps" integer,
	"commission_amount" bigint,
	"commission_duration" text NOT NULL,
	"commission_duration_months" integer,
	"hold_days" integer DEFAULT 30 NOT NULL,
	"min_payout_amount" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_id_brand" UNIQUE("id","brand_id"),
	CONSTRAINT "campaigns_currency" CHECK ("campaigns"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "campaigns_cookie_window" CHECK ("campaigns"."cookie_window_days" between 1 and 365),
	CONSTRAINT "campaigns_hold_days" CHECK ("campaigns"."hold_days" between 0 and 365),
	CONSTRAINT "campaigns_min_payout" CHECK ("campaigns"."min_payout_amount" >= 0),
	CONSTRAINT "campaigns_attribution" CHECK ("campaigns"."attribution_model" in ('last_click', 'first_click')),
	CONSTRAINT "campaigns_visibility" CHECK ("campaigns"."visibility" in ('private', 'listed')),
	CONSTRAINT "campaigns_status" CHECK ("campaigns"."status" in ('active', 'paused', 'archived')),
	CONSTRAINT "campaigns_commission_value" CHECK (("campaigns"."commission_type" = 'percentage' and "campaigns"."commission_rate_bps" between 1 and 10000 and "campaigns"."commission_amount" is null)
       or ("campaigns"."commission_type" = 'flat' and "campaigns"."commission_amount" > 0 and "campaigns"."commission_rate_bps" is null)),
	CONSTRAINT "campaigns_commission_duration" CHECK (("campaigns"."commission_duration" = 'recurring' and "campaigns"."commission_duration_months" between 1 and 120)
       or ("campaigns"."commission_duration" in ('one_time', 'lifetime') and "campaigns"."commission_duration_months" is null))
);
--> statement-breakpoint
ALTER TABLE "campaigns" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollments_campaign_affiliate" UNIQUE("campaign_id","affiliate_id"),
	CONSTRAINT "enrollments_identity" UNIQUE("id","brand_id","campaign_id","affiliate_id"),
	CONSTRAINT "enrollments_status" CHECK ("enrollments"."status" in ('pending', 'approved', 'rejected', 'paused', 'ended')),
	CONSTRAINT "enrollments_source" CHECK ("enrollments"."source" in ('api', 'invite', 'join_page', 'network'))
);
--> statement-breakpoint
ALTER TABLE "enrollments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tracking_links" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"enrollment_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"code" text NOT NULL,
	"destination_url" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_links_code_shape" CHECK ("tracking_links"."code" ~ '^[A-Za-z0-9_-]{4,64}$'),
	CONSTRAINT "tracking_links_status" CHECK ("tracking_links"."status" in ('active', 'disabled'))
);
--> statement-breakpoint
ALTER TABLE "tracking_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by_user_id" text,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"brand_id" text NOT NULL,
	"key" text NOT NULL,
	"request_fingerprint" text NOT NULL,
	"response_body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_pk" PRIMARY KEY("brand_id","key")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "brand_members" ADD CONSTRAINT "brand_members_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_members" ADD CONSTRAINT "brand_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliates" ADD CONSTRAINT "affiliates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_campaign_brand" FOREIGN KEY ("campaign_id","brand_id") REFERENCES "public"."campaigns"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_links" ADD CONSTRAINT "tracking_links_enrollment" FOREIGN KEY ("enrollment_id","brand_id","campaign_id","affiliate_id") REFERENCES "public"."enrollments"("id","brand_id","campaign_id","affiliate_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "brand_members_user" ON "brand_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "affiliates_email" ON "affiliates" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "affiliates_user" ON "affiliates" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "campaigns_brand" ON "campaigns" USING btree ("brand_id","id");--> statement-breakpoint
CREATE INDEX "enrollments_affiliate" ON "enrollments" USING btree ("affiliate_id");--> statement-breakpoint
CREATE INDEX "enrollments_brand_campaign" ON "enrollments" USING btree ("brand_id","campaign_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_links_code" ON "tracking_links" USING btree ("code");--> statement-breakpoint
CREATE INDEX "tracking_links_enrollment_idx" ON "tracking_links" USING btree ("enrollment_id");--> statement-breakpoint
CREATE INDEX "tracking_links_brand" ON "tracking_links" USING btree ("brand_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_brand" ON "api_keys" USING btree ("brand_id","id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE POLICY "user_self" ON "users" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("users"."id" = app_user_id()) WITH CHECK ("users"."id" = app_user_id());--> statement-breakpoint
CREATE POLICY "brand_reads_team" ON "users" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (exists (select 1 from brand_members m where m.user_id = "users"."id" and m.brand_id = app_brand_id()));--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "users" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "brand_members" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("brand_members"."brand_id" = app_brand_id()) WITH CHECK ("brand_members"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "user_reads_own" ON "brand_members" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("brand_members"."user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "brand_self" ON "brands" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("brands"."id" = app_brand_id()) WITH CHECK ("brands"."id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "member_reads" ON "brands" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (exists (select 1 from brand_members m where m.brand_id = "brands"."id" and m.user_id = app_user_id()));--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "brands" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_affiliate_id() is not null and exists (select 1 from campaigns c where c.brand_id = "brands"."id"));--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "brands" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "affiliate_self" ON "affiliates" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("affiliates"."id" = app_affiliate_id() or ("affiliates"."user_id" is not null and "affiliates"."user_id" = app_user_id())) WITH CHECK ("affiliates"."id" = app_affiliate_id() or ("affiliates"."user_id" is not null and "affiliates"."user_id" = app_user_id()));--> statement-breakpoint
CREATE POLICY "brand_reads" ON "affiliates" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_brand_id() is not null and ("affiliates"."network_status" = 'approved' or exists (select 1 from enrollments e where e.affiliate_id = "affiliates"."id")));--> statement-breakpoint
CREATE POLICY "brand_rows" ON "campaigns" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("campaigns"."brand_id" = app_brand_id()) WITH CHECK ("campaigns"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "campaigns" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_affiliate_id() is not null and (("campaigns"."visibility" = 'listed' and "campaigns"."status" = 'active')
        or exists (select 1 from enrollments e where e.campaign_id = "campaigns"."id")));--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "campaigns" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "enrollments" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("enrollments"."brand_id" = app_brand_id()) WITH CHECK ("enrollments"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "enrollments" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("enrollments"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "affiliate_applies" ON "enrollments" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("enrollments"."affiliate_id" = app_affiliate_id() and "enrollments"."status" = 'pending');--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "enrollments" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "tracking_links" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("tracking_links"."brand_id" = app_brand_id()) WITH CHECK ("tracking_links"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "tracking_links" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("tracking_links"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "tracking_links" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "api_keys" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("api_keys"."brand_id" = app_brand_id()) WITH CHECK ("api_keys"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "api_keys" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "lookup_touches" ON "api_keys" AS PERMISSIVE FOR UPDATE TO "rekomi_lookup" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "idempotency_keys" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("idempotency_keys"."brand_id" = app_brand_id()) WITH CHECK ("idempotency_keys"."brand_id" = app_brand_id());