CREATE TABLE "tax_form_reviews" (
	"tax_form_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"decision" text NOT NULL,
	"rejection_reason" text,
	"reviewed_by_user_id" text NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_form_reviews_pk" PRIMARY KEY("tax_form_id","brand_id"),
	CONSTRAINT "tax_form_reviews_decision" CHECK ("tax_form_reviews"."decision" in ('accepted', 'rejected')),
	CONSTRAINT "tax_form_reviews_rejection_reason" CHECK (("tax_form_reviews"."decision" = 'rejected') = ("tax_form_reviews"."rejection_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "tax_form_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "enrollments" DROP CONSTRAINT "enrollments_status";--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "consented_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tax_form_reviews" ADD CONSTRAINT "tax_form_reviews_tax_form_id_tax_forms_id_fk" FOREIGN KEY ("tax_form_id") REFERENCES "public"."tax_forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_form_reviews" ADD CONSTRAINT "tax_form_reviews_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_form_reviews" ADD CONSTRAINT "tax_form_reviews_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tax_form_reviews_brand_affiliate" ON "tax_form_reviews" USING btree ("brand_id","affiliate_id");--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_status" CHECK ("enrollments"."status" in ('pending', 'invited', 'approved', 'rejected', 'declined', 'withdrawn', 'paused', 'ended'));--> statement-breakpoint
DROP POLICY "brand_reviews" ON "tax_forms" CASCADE;--> statement-breakpoint
CREATE POLICY "affiliate_answers_offer" ON "enrollments" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING ("enrollments"."affiliate_id" = app_affiliate_id() and "enrollments"."status" = 'invited') WITH CHECK ("enrollments"."affiliate_id" = app_affiliate_id() and "enrollments"."status" in ('approved', 'declined'));--> statement-breakpoint
CREATE POLICY "brand_reads_own" ON "tax_form_reviews" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("tax_form_reviews"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "brand_reviews" ON "tax_form_reviews" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("tax_form_reviews"."brand_id" = app_brand_id() and "tax_form_reviews"."reviewed_by_user_id" = app_user_id() and (exists (select 1 from enrollments e where e.brand_id = app_brand_id() and e.affiliate_id = "tax_form_reviews"."affiliate_id" and e.consented_at is not null and e.status in ('approved', 'paused', 'ended')) and exists (select 1 from commissions c where c.brand_id = app_brand_id() and c.affiliate_id = "tax_form_reviews"."affiliate_id" and c.kind = 'earning' and c.amount > 0 and c.status <> 'voided'))
        and exists (select 1 from tax_forms f where f.id = "tax_form_reviews"."tax_form_id" and f.affiliate_id = "tax_form_reviews"."affiliate_id" and f.status in ('submitted', 'accepted')));--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "tax_form_reviews" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("tax_form_reviews"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "tax_form_reviews" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
ALTER POLICY "brand_reads" ON "tax_forms" TO rekomi_app USING (app_brand_id() is not null and (exists (select 1 from enrollments e where e.brand_id = app_brand_id() and e.affiliate_id = "tax_forms"."affiliate_id" and e.consented_at is not null and e.status in ('approved', 'paused', 'ended')) and exists (select 1 from commissions c where c.brand_id = app_brand_id() and c.affiliate_id = "tax_forms"."affiliate_id" and c.kind = 'earning' and c.amount > 0 and c.status <> 'voided')));