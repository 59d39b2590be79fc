CREATE TABLE "status_daily" (
	"component" text NOT NULL,
	"day" date NOT NULL,
	"probes" integer DEFAULT 0 NOT NULL,
	"operational" integer DEFAULT 0 NOT NULL,
	"degraded" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "status_daily_component_day_pk" PRIMARY KEY("component","day"),
	CONSTRAINT "status_daily_counts" CHECK ("status_daily"."operational" + "status_daily"."degraded" <= "status_daily"."probes")
);
--> statement-breakpoint
ALTER TABLE "status_daily" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "status_incident_updates" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"status" text NOT NULL,
	"body" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_incident_updates_status" CHECK ("status_incident_updates"."status" in ('investigating', 'identified', 'monitoring', 'resolved'))
);
--> statement-breakpoint
ALTER TABLE "status_incident_updates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "status_incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"impact" text NOT NULL,
	"status" text NOT NULL,
	"components" text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "status_incidents_status" CHECK ("status_incidents"."status" in ('investigating', 'identified', 'monitoring', 'resolved')),
	CONSTRAINT "status_incidents_impact" CHECK ("status_incidents"."impact" in ('degraded', 'down')),
	CONSTRAINT "status_incidents_resolved" CHECK (("status_incidents"."status" = 'resolved') = ("status_incidents"."resolved_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "status_incidents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "status_probes" (
	"id" text PRIMARY KEY NOT NULL,
	"component" text NOT NULL,
	"state" text NOT NULL,
	"detail" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_probes_component" CHECK ("status_probes"."component" in ('tracking_links', 's2s_ingest', 'rest_api', 'dashboard', 'outbound_webhooks', 'payouts')),
	CONSTRAINT "status_probes_state" CHECK ("status_probes"."state" in ('operational', 'degraded', 'down'))
);
--> statement-breakpoint
ALTER TABLE "status_probes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "status_server_errors" (
	"component" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "status_server_errors_component_minute_pk" PRIMARY KEY("component","minute"),
	CONSTRAINT "status_server_errors_component" CHECK ("status_server_errors"."component" in ('tracking_links', 's2s_ingest', 'rest_api', 'dashboard', 'outbound_webhooks', 'payouts'))
);
--> statement-breakpoint
ALTER TABLE "status_server_errors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "status_subscribers" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"confirm_token_hash" text,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_subscribers_email" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "status_subscribers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_owner";--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "status_subscriber_id" text;--> statement-breakpoint
ALTER TABLE "status_incident_updates" ADD CONSTRAINT "status_incident_updates_incident_id_status_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."status_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_incident_updates_incident" ON "status_incident_updates" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "status_incidents_created" ON "status_incidents" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "status_probes_component" ON "status_probes" USING btree ("component","checked_at");--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_status_subscriber_id_status_subscribers_id_fk" FOREIGN KEY ("status_subscriber_id") REFERENCES "public"."status_subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_owner" CHECK ("email_outbox"."user_id" is not null or "email_outbox"."brand_id" is not null or "email_outbox"."help_conversation_id" is not null or "email_outbox"."status_subscriber_id" is not null);--> statement-breakpoint
CREATE POLICY "status_subscriber_mail" ON "email_outbox" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("email_outbox"."status_subscriber_id" is not null and "email_outbox"."user_id" is null and "email_outbox"."brand_id" is null and app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "dead_letters" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "platform_admin_all" ON "status_daily" AS PERMISSIVE FOR ALL TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "status_daily" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "platform_admin_all" ON "status_incident_updates" AS PERMISSIVE FOR ALL TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "status_incident_updates" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "platform_admin_all" ON "status_incidents" AS PERMISSIVE FOR ALL TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "status_incidents" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "platform_admin_all" ON "status_probes" AS PERMISSIVE FOR ALL TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "status_probes" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "platform_admin_all" ON "status_server_errors" AS PERMISSIVE FOR ALL TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_all" ON "status_server_errors" AS PERMISSIVE FOR ALL TO "rekomi_lookup" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "status_subscribers" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_all" ON "status_subscribers" AS PERMISSIVE FOR ALL TO "rekomi_lookup" USING (true) WITH CHECK (true);