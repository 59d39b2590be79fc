CREATE TABLE "payout_accounts" (
	"affiliate_id" text PRIMARY KEY NOT NULL,
	"stripe_account_id" text NOT NULL,
	"country" text NOT NULL,
	"details_submitted" boolean DEFAULT false NOT NULL,
	"transfers_active" boolean DEFAULT false NOT NULL,
	"payouts_enabled" boolean DEFAULT false NOT NULL,
	"requirements_due" text[] DEFAULT '{}'::text[] NOT NULL,
	"requirements_eventually_due" text[] DEFAULT '{}'::text[] NOT NULL,
	"disabled_reason" text,
	"last_bank_payout" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_accounts_country" CHECK ("payout_accounts"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "payout_accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payout_commissions" (
	"payout_id" text NOT NULL,
	"commission_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "payout_commissions_pk" PRIMARY KEY("payout_id","commission_id")
);
--> statement-breakpoint
ALTER TABLE "payout_commissions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payout_policies" (
	"brand_id" text PRIMARY KEY NOT NULL,
	"schedule" text DEFAULT 'manual' NOT NULL,
	"weekday" integer,
	"month_day" integer,
	"minimum_amount" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"requires_approval" boolean DEFAULT true NOT NULL,
	"next_run_at" timestamp with time zone,
	"stripe_customer_id" text,
	"payment_method" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_policies_schedule" CHECK ("payout_policies"."schedule" in ('manual', 'weekly', 'monthly')),
	CONSTRAINT "payout_policies_weekday" CHECK (("payout_policies"."schedule" = 'weekly') = ("payout_policies"."weekday" is not null) and ("payout_policies"."weekday" is null or "payout_policies"."weekday" between 1 and 7)),
	CONSTRAINT "payout_policies_month_day" CHECK (("payout_policies"."schedule" = 'monthly') = ("payout_policies"."month_day" is not null) and ("payout_policies"."month_day" is null or "payout_policies"."month_day" between 1 and 28)),
	CONSTRAINT "payout_policies_minimum" CHECK ("payout_policies"."minimum_amount" >= 0),
	CONSTRAINT "payout_policies_currency" CHECK ("payout_policies"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "payout_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payout_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"trigger" text NOT NULL,
	"currency" text NOT NULL,
	"transfer_amount" bigint DEFAULT 0 NOT NULL,
	"fee_amount" bigint DEFAULT 0 NOT NULL,
	"charge_amount" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"payment_method_id" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"payment_intent_id" text,
	"charge_id" text,
	"transfer_group" text NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"created_by" text,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_runs_id_brand" UNIQUE("id","brand_id"),
	CONSTRAINT "payout_runs_status" CHECK ("payout_runs"."status" in ('draft', 'charging', 'transferring', 'completed', 'failed', 'canceled')),
	CONSTRAINT "payout_runs_trigger" CHECK ("payout_runs"."trigger" in ('manual', 'schedule')),
	CONSTRAINT "payout_runs_currency" CHECK ("payout_runs"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "payout_runs_amounts" CHECK ("payout_runs"."transfer_amount" >= 0 and "payout_runs"."fee_amount" >= 0 and "payout_runs"."charge_amount" >= 0 and "payout_runs"."refunded_amount" >= 0 and "payout_runs"."refunded_amount" <= "payout_runs"."charge_amount")
);
--> statement-breakpoint
ALTER TABLE "payout_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"status" text NOT NULL,
	"skip_reason" text,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"stripe_account_id" text,
	"transfer_id" text,
	"source_transaction" text,
	"transfer_group" text NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payouts_run_affiliate" UNIQUE("run_id","affiliate_id"),
	CONSTRAINT "payouts_id_brand" UNIQUE("id","brand_id"),
	CONSTRAINT "payouts_status" CHECK ("payouts"."status" in ('skipped', 'pending', 'paid', 'failed', 'reversed')),
	CONSTRAINT "payouts_skip_reason" CHECK (("payouts"."status" = 'skipped') = ("payouts"."skip_reason" is not null)),
	CONSTRAINT "payouts_amount" CHECK ("payouts"."status" = 'skipped' or "payouts"."amount" > 0),
	CONSTRAINT "payouts_currency" CHECK ("payouts"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "payouts_paid" CHECK ("payouts"."status" not in ('paid', 'reversed') or ("payouts"."transfer_id" is not null and "payouts"."paid_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "payouts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_commissions" ADD CONSTRAINT "payout_commissions_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_commissions" ADD CONSTRAINT "payout_commissions_payout" FOREIGN KEY ("payout_id","brand_id") REFERENCES "public"."payouts"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_policies" ADD CONSTRAINT "payout_policies_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_runs" ADD CONSTRAINT "payout_runs_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_run" FOREIGN KEY ("run_id","brand_id") REFERENCES "public"."payout_runs"("id","brand_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_accounts_stripe" ON "payout_accounts" USING btree ("stripe_account_id");--> statement-breakpoint
CREATE INDEX "payout_commissions_commission" ON "payout_commissions" USING btree ("commission_id");--> statement-breakpoint
CREATE INDEX "payout_policies_due" ON "payout_policies" USING btree ("next_run_at") WHERE "payout_policies"."next_run_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_policies_customer" ON "payout_policies" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_runs_open" ON "payout_runs" USING btree ("brand_id") WHERE "payout_runs"."status" in ('draft', 'charging', 'transferring', 'failed');--> statement-breakpoint
CREATE UNIQUE INDEX "payout_runs_payment_intent" ON "payout_runs" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "payout_runs_brand" ON "payout_runs" USING btree ("brand_id","created_at");--> statement-breakpoint
CREATE INDEX "payout_runs_moving" ON "payout_runs" USING btree ("updated_at") WHERE "payout_runs"."status" in ('charging', 'transferring');--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_transfer" ON "payouts" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "payouts_brand" ON "payouts" USING btree ("brand_id","created_at");--> statement-breakpoint
CREATE INDEX "payouts_affiliate" ON "payouts" USING btree ("affiliate_id","created_at");--> statement-breakpoint
CREATE POLICY "affiliate_self" ON "payout_accounts" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("payout_accounts"."affiliate_id" = app_affiliate_id()) WITH CHECK ("payout_accounts"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "brand_reads" ON "payout_accounts" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_brand_id() is not null and exists (select 1 from enrollments e where e.affiliate_id = "payout_accounts"."affiliate_id"));--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "payout_accounts" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "payout_accounts" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "payout_commissions" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("payout_commissions"."brand_id" = app_brand_id()) WITH CHECK ("payout_commissions"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "payout_commissions" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (exists (select 1 from payouts p where p.id = "payout_commissions"."payout_id" and p.affiliate_id = app_affiliate_id()));--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "payout_commissions" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "brand_rows" ON "payout_policies" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("payout_policies"."brand_id" = app_brand_id()) WITH CHECK ("payout_policies"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "payout_policies" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "payout_policies" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "payout_runs" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("payout_runs"."brand_id" = app_brand_id()) WITH CHECK ("payout_runs"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "payout_runs" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "payout_runs" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "brand_rows" ON "payouts" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("payouts"."brand_id" = app_brand_id()) WITH CHECK ("payouts"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "affiliate_reads" ON "payouts" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("payouts"."affiliate_id" = app_affiliate_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "payouts" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "payouts" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);