CREATE TABLE "payout_refund_failures" (
	"refund_id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_refund_failures_amount" CHECK ("payout_refund_failures"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "payout_refund_failures" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "payout_refund_failures" ADD CONSTRAINT "payout_refund_failures_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_refund_failures" ADD CONSTRAINT "payout_refund_failures_run" FOREIGN KEY ("run_id","brand_id") REFERENCES "public"."payout_runs"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_refund_failures_run_idx" ON "payout_refund_failures" USING btree ("run_id");--> statement-breakpoint
CREATE POLICY "brand_rows" ON "payout_refund_failures" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("payout_refund_failures"."brand_id" = app_brand_id()) WITH CHECK ("payout_refund_failures"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "payout_refund_failures" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());