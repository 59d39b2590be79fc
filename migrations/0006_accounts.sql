CREATE TABLE "auth_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auth_tokens_purpose" CHECK ("auth_tokens"."purpose" in ('verify_email', 'change_email', 'reset_password'))
);
--> statement-breakpoint
ALTER TABLE "auth_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"window_seconds" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rate_limit_buckets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by_user_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by_user_id" text,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_role" CHECK ("invitations"."role" in ('admin', 'member', 'viewer'))
);
--> statement-breakpoint
ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"brand_id" text,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text,
	"html_body" text,
	"transport" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"provider_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "email_outbox_owner" CHECK ("email_outbox"."user_id" is not null or "email_outbox"."brand_id" is not null),
	CONSTRAINT "email_outbox_transport" CHECK ("email_outbox"."transport" in ('mailbox', 'resend')),
	CONSTRAINT "email_outbox_status" CHECK ("email_outbox"."status" in ('pending', 'sending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text,
	"subject_user_id" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"user_agent" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auth_tokens_hash" ON "auth_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "auth_tokens_user" ON "auth_tokens" USING btree ("user_id","purpose");--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_window" ON "rate_limit_buckets" USING btree ("window_started_at");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_brand" ON "invitations" USING btree ("brand_id","id");--> statement-breakpoint
CREATE INDEX "email_outbox_pending" ON "email_outbox" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "email_outbox_user" ON "email_outbox" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "email_outbox_brand" ON "email_outbox" USING btree ("brand_id");--> statement-breakpoint
CREATE INDEX "audit_events_brand" ON "audit_events" USING btree ("brand_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_subject" ON "audit_events" USING btree ("subject_user_id","id");--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "users" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_updates" ON "users" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_grants_staff" ON "users" AS PERMISSIVE FOR UPDATE TO "rekomi_lookup" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "brands" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_updates" ON "brands" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "affiliates" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "user_reads_own" ON "auth_tokens" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("auth_tokens"."user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "user_mints_own" ON "auth_tokens" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("auth_tokens"."user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "lookup_manages" ON "auth_tokens" AS PERMISSIVE FOR ALL TO "rekomi_lookup" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "app_none" ON "rate_limit_buckets" AS RESTRICTIVE FOR ALL TO "rekomi_app" USING (false) WITH CHECK (false);--> statement-breakpoint
CREATE POLICY "lookup_counts" ON "rate_limit_buckets" AS PERMISSIVE FOR ALL TO "rekomi_lookup" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "user_self" ON "sessions" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("sessions"."user_id" = app_user_id()) WITH CHECK ("sessions"."user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "sessions" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_updates" ON "sessions" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "brand_rows" ON "invitations" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("invitations"."brand_id" = app_brand_id()) WITH CHECK ("invitations"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "invitations" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "user_mail" ON "email_outbox" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("email_outbox"."brand_id" is null and "email_outbox"."user_id" = app_user_id()) WITH CHECK ("email_outbox"."brand_id" is null and "email_outbox"."user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "brand_mail" ON "email_outbox" AS PERMISSIVE FOR ALL TO "rekomi_app" USING ("email_outbox"."brand_id" = app_brand_id()) WITH CHECK ("email_outbox"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "email_outbox" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "lookup_delivers" ON "email_outbox" AS PERMISSIVE FOR UPDATE TO "rekomi_lookup" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "brand_reads" ON "audit_events" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("audit_events"."brand_id" = app_brand_id()
        or ("audit_events"."brand_id" is null and exists (select 1 from brand_members m where m.user_id = "audit_events"."subject_user_id" and m.brand_id = app_brand_id())));--> statement-breakpoint
CREATE POLICY "brand_appends" ON "audit_events" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("audit_events"."brand_id" = app_brand_id());--> statement-breakpoint
CREATE POLICY "user_reads_own" ON "audit_events" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("audit_events"."brand_id" is null and "audit_events"."subject_user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "user_appends_own" ON "audit_events" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("audit_events"."brand_id" is null and "audit_events"."subject_user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "audit_events" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_appends" ON "audit_events" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK (app_platform_admin());