CREATE TABLE "dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text,
	"queue" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"event_id" text,
	"raw" text NOT NULL,
	"error" text NOT NULL,
	"attempts" integer NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replay_count" integer DEFAULT 0 NOT NULL,
	"last_replayed_at" timestamp with time zone,
	CONSTRAINT "dead_letters_queue" CHECK ("dead_letters"."queue" in ('rekomi-events', 'rekomi-clicks', 'rekomi-webhooks'))
);
--> statement-breakpoint
ALTER TABLE "dead_letters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "event_delivery_claims" (
	"brand_id" text NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text NOT NULL,
	"body_sha256" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_delivery_claims_brand_id_source_delivery_id_pk" PRIMARY KEY("brand_id","source","delivery_id")
);
--> statement-breakpoint
ALTER TABLE "event_delivery_claims" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_delivery_claims" ADD CONSTRAINT "event_delivery_claims_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dead_letters_dedupe" ON "dead_letters" USING btree ("queue","dedupe_key");--> statement-breakpoint
CREATE INDEX "dead_letters_brand" ON "dead_letters" USING btree ("brand_id","id");--> statement-breakpoint
CREATE POLICY "brand_rows" ON "dead_letters" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("dead_letters"."brand_id" = app_brand_id()) WITH CHECK ("dead_letters"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "dead_letters" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_updates" ON "dead_letters" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_appends" ON "dead_letters" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK (app_platform_admin() and "dead_letters"."brand_id" is null);--> statement-breakpoint
CREATE POLICY "brand_reads" ON "event_delivery_claims" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("event_delivery_claims"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "lookup_claims" ON "event_delivery_claims" AS PERMISSIVE FOR ALL TO "rekomi_lookup" USING (true) WITH CHECK (true);