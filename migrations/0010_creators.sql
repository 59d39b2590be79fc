CREATE TABLE "campaign_join_links" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"code" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"auto_approve" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_join_links_code_shape" CHECK ("campaign_join_links"."code" ~ '^[A-Za-z0-9]{16,64}$')
);
--> statement-breakpoint
ALTER TABLE "campaign_join_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "creator_invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"email" text NOT NULL,
	"affiliate_id" text,
	"token_hash" text NOT NULL,
	"invited_by_user_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by_affiliate_id" text,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "creator_invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "affiliates" ADD COLUMN "network_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "affiliates" ADD COLUMN "network_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "affiliates" ADD COLUMN "network_review_note" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "allow_creator_links" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_join_links" ADD CONSTRAINT "campaign_join_links_campaign_brand" FOREIGN KEY ("campaign_id","brand_id") REFERENCES "public"."campaigns"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creator_invitations" ADD CONSTRAINT "creator_invitations_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creator_invitations" ADD CONSTRAINT "creator_invitations_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creator_invitations" ADD CONSTRAINT "creator_invitations_accepted_by_affiliate_id_affiliates_id_fk" FOREIGN KEY ("accepted_by_affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creator_invitations" ADD CONSTRAINT "creator_invitations_campaign_brand" FOREIGN KEY ("campaign_id","brand_id") REFERENCES "public"."campaigns"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_join_links_campaign" ON "campaign_join_links" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_join_links_code" ON "campaign_join_links" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "creator_invitations_token" ON "creator_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "creator_invitations_campaign" ON "creator_invitations" USING btree ("brand_id","campaign_id","id");--> statement-breakpoint
CREATE POLICY "platform_admin_updates" ON "affiliates" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "affiliate_creates" ON "tracking_links" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("tracking_links"."affiliate_id" = app_affiliate_id() and exists (
        select 1 from enrollments e join campaigns c on c.id = e.campaign_id and c.brand_id = e.brand_id
         where e.id = "tracking_links"."enrollment_id" and e.affiliate_id = app_affiliate_id() and e.status = 'approved'
           and c.status = 'active' and c.allow_creator_links));--> statement-breakpoint
CREATE POLICY "brand_rows" ON "campaign_join_links" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("campaign_join_links"."brand_id" = app_brand_id()) WITH CHECK ("campaign_join_links"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "campaign_join_links" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "creator_invitations" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("creator_invitations"."brand_id" = app_brand_id()) WITH CHECK ("creator_invitations"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "creator_invitations" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);