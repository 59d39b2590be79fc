CREATE TABLE "tax_forms" (
	"id" text PRIMARY KEY NOT NULL,
	"affiliate_id" text NOT NULL,
	"form_type" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"signed_on" date NOT NULL,
	"object_key" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"uploaded_by_user_id" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_user_id" text,
	"reviewed_by_brand_id" text,
	"rejection_reason" text,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_forms_type" CHECK ("tax_forms"."form_type" in ('w9', 'w8ben', 'w8bene')),
	CONSTRAINT "tax_forms_status" CHECK ("tax_forms"."status" in ('submitted', 'accepted', 'rejected', 'superseded')),
	CONSTRAINT "tax_forms_sha256" CHECK ("tax_forms"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "tax_forms_size" CHECK ("tax_forms"."size_bytes" > 0),
	CONSTRAINT "tax_forms_reviewed" CHECK ("tax_forms"."status" not in ('accepted', 'rejected') or ("tax_forms"."reviewed_at" is not null and "tax_forms"."reviewed_by_user_id" is not null)),
	CONSTRAINT "tax_forms_rejection_reason" CHECK (("tax_forms"."status" = 'rejected') = ("tax_forms"."rejection_reason" is not null)),
	CONSTRAINT "tax_forms_superseded" CHECK (("tax_forms"."status" = 'superseded') = ("tax_forms"."superseded_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "tax_forms" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "require_tax_form" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tax_forms" ADD CONSTRAINT "tax_forms_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_forms" ADD CONSTRAINT "tax_forms_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tax_forms_object_key" ON "tax_forms" USING btree ("object_key");--> statement-breakpoint
CREATE INDEX "tax_forms_affiliate" ON "tax_forms" USING btree ("affiliate_id","id");--> statement-breakpoint
CREATE INDEX "tax_forms_status" ON "tax_forms" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_forms_one_current" ON "tax_forms" USING btree ("affiliate_id") WHERE "tax_forms"."status" in ('submitted', 'accepted');--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "tax_forms" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("tax_forms"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "affiliate_uploads" ON "tax_forms" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("tax_forms"."affiliate_id" = app_affiliate_id() and "tax_forms"."status" = 'submitted' and "tax_forms"."reviewed_at" is null and "tax_forms"."reviewed_by_user_id" is null and "tax_forms"."reviewed_by_brand_id" is null);--> statement-breakpoint
CREATE POLICY "affiliate_supersedes" ON "tax_forms" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING ("tax_forms"."affiliate_id" = app_affiliate_id() and "tax_forms"."status" in ('submitted', 'accepted')) WITH CHECK ("tax_forms"."affiliate_id" = app_affiliate_id() and "tax_forms"."status" = 'superseded');--> statement-breakpoint
CREATE POLICY "brand_reads" ON "tax_forms" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_brand_id() is not null and exists (select 1 from enrollments e where e.brand_id = app_brand_id() and e.affiliate_id = "tax_forms"."affiliate_id" and e.status in ('approved', 'paused', 'ended')));--> statement-breakpoint
CREATE POLICY "brand_reviews" ON "tax_forms" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_brand_id() is not null and exists (select 1 from enrollments e where e.brand_id = app_brand_id() and e.affiliate_id = "tax_forms"."affiliate_id" and e.status in ('approved', 'paused', 'ended')) and "tax_forms"."status" = 'submitted') WITH CHECK (app_brand_id() is not null and exists (select 1 from enrollments e where e.brand_id = app_brand_id() and e.affiliate_id = "tax_forms"."affiliate_id" and e.status in ('approved', 'paused', 'ended')) and "tax_forms"."status" in ('accepted', 'rejected') and "tax_forms"."reviewed_by_brand_id" = app_brand_id() and "tax_forms"."reviewed_by_user_id" = app_user_id() and "tax_forms"."superseded_at" is null);--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "tax_forms" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_reviews" ON "tax_forms" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_platform_admin() and "tax_forms"."status" = 'submitted') WITH CHECK (app_platform_admin() and "tax_forms"."status" in ('accepted', 'rejected') and "tax_forms"."reviewed_by_brand_id" is null and "tax_forms"."reviewed_by_user_id" = app_user_id() and "tax_forms"."superseded_at" is null);--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "tax_forms" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);