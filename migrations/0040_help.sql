CREATE TABLE "help_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"message_id" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_attachments_type" CHECK ("help_attachments"."content_type" in ('image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "help_attachments_size" CHECK ("help_attachments"."size_bytes" > 0)
);
--> statement-breakpoint
ALTER TABLE "help_attachments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "help_conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"visitor_email" text,
	"topic" text NOT NULL,
	"subject" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assigned_to_user_id" text,
	"campaign_id" text,
	"brand_id" text,
	"campaign_name" text,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_staff_reply_at" timestamp with time zone,
	"user_read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_conversations_owner" CHECK (("help_conversations"."user_id" is null) <> ("help_conversations"."visitor_email" is null)),
	CONSTRAINT "help_conversations_visitor_email" CHECK ("help_conversations"."visitor_email" is null or "help_conversations"."visitor_email" ~ '^[^@\s]+@[^@\s]+$'),
	CONSTRAINT "help_conversations_topic" CHECK ("help_conversations"."topic" in ('question', 'bug', 'billing', 'security', 'campaign_report')),
	CONSTRAINT "help_conversations_status" CHECK ("help_conversations"."status" in ('open', 'waiting', 'closed')),
	CONSTRAINT "help_conversations_subject" CHECK (char_length("help_conversations"."subject") between 1 and 200),
	CONSTRAINT "help_conversations_report" CHECK (("help_conversations"."topic" = 'campaign_report') = ("help_conversations"."campaign_id" is not null) and ("help_conversations"."campaign_id" is null or "help_conversations"."user_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "help_conversations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "help_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"author_kind" text NOT NULL,
	"author_user_id" text,
	"internal" boolean DEFAULT false NOT NULL,
	"body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_messages_author" CHECK ("help_messages"."author_kind" in ('user', 'visitor', 'staff')),
	CONSTRAINT "help_messages_internal" CHECK (not "help_messages"."internal" or "help_messages"."author_kind" = 'staff'),
	CONSTRAINT "help_messages_body" CHECK (("help_messages"."body" is null and "help_messages"."author_kind" = 'user') or char_length("help_messages"."body") between 1 and 5000)
);
--> statement-breakpoint
ALTER TABLE "help_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_owner";--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "help_conversation_id" text;--> statement-breakpoint
ALTER TABLE "help_attachments" ADD CONSTRAINT "help_attachments_conversation_id_help_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."help_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_attachments" ADD CONSTRAINT "help_attachments_message_id_help_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."help_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_conversations" ADD CONSTRAINT "help_conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_conversations" ADD CONSTRAINT "help_conversations_assigned_to_user_id_users_id_fk" FOREIGN KEY ("assigned_to_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_conversations" ADD CONSTRAINT "help_conversations_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_messages" ADD CONSTRAINT "help_messages_conversation_id_help_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."help_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_messages" ADD CONSTRAINT "help_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "help_attachments_message" ON "help_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "help_conversations_user" ON "help_conversations" USING btree ("user_id","last_message_at");--> statement-breakpoint
CREATE INDEX "help_conversations_inbox" ON "help_conversations" USING btree ("status","last_message_at");--> statement-breakpoint
CREATE INDEX "help_messages_conversation" ON "help_messages" USING btree ("conversation_id","id");--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_help_conversation_id_help_conversations_id_fk" FOREIGN KEY ("help_conversation_id") REFERENCES "public"."help_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_owner" CHECK ("email_outbox"."user_id" is not null or "email_outbox"."brand_id" is not null or "email_outbox"."help_conversation_id" is not null);--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "brand_members" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_help_mail" ON "email_outbox" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK (app_platform_admin() and "email_outbox"."brand_id" is null and exists (select 1 from help_conversations c where c.id = "email_outbox"."help_conversation_id"
        and c.user_id is not distinct from "email_outbox"."user_id"
        and lower("email_outbox"."to_address") = lower(coalesce(c.visitor_email, (select u.email from users u where u.id = c.user_id)))));--> statement-breakpoint
CREATE POLICY "user_reads_own" ON "help_attachments" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (exists (select 1 from help_conversations c where c.id = "help_attachments"."conversation_id" and c.user_id = app_user_id()));--> statement-breakpoint
CREATE POLICY "user_uploads_own" ON "help_attachments" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK (exists (select 1 from help_conversations c where c.id = "help_attachments"."conversation_id" and c.user_id = app_user_id()) and exists (select 1 from help_messages m where m.id = "help_attachments"."message_id" and m.conversation_id = "help_attachments"."conversation_id" and m.author_kind = 'user'));--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "help_attachments" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "user_reads_own" ON "help_conversations" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING ("help_conversations"."user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "user_opens" ON "help_conversations" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("help_conversations"."user_id" = app_user_id() and "help_conversations"."status" = 'open' and "help_conversations"."assigned_to_user_id" is null and "help_conversations"."last_staff_reply_at" is null
        and ("help_conversations"."campaign_id" is null or exists (select 1 from campaigns k where k.id = "help_conversations"."campaign_id" and k.brand_id = "help_conversations"."brand_id")));--> statement-breakpoint
CREATE POLICY "user_updates_own" ON "help_conversations" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING ("help_conversations"."user_id" = app_user_id()) WITH CHECK ("help_conversations"."user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "help_conversations" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_updates" ON "help_conversations" AS PERMISSIVE FOR UPDATE TO "rekomi_app" USING (app_platform_admin()) WITH CHECK (app_platform_admin());--> statement-breakpoint
CREATE POLICY "lookup_reads" ON "help_conversations" AS PERMISSIVE FOR SELECT TO "rekomi_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "lookup_opens_visitor" ON "help_conversations" AS PERMISSIVE FOR INSERT TO "rekomi_lookup" WITH CHECK ("help_conversations"."user_id" is null and "help_conversations"."visitor_email" is not null and "help_conversations"."status" = 'open' and "help_conversations"."assigned_to_user_id" is null and "help_conversations"."campaign_id" is null);--> statement-breakpoint
CREATE POLICY "user_reads_own" ON "help_messages" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (not "help_messages"."internal" and exists (select 1 from help_conversations c where c.id = "help_messages"."conversation_id" and c.user_id = app_user_id()));--> statement-breakpoint
CREATE POLICY "user_writes_own" ON "help_messages" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK ("help_messages"."author_kind" = 'user' and not "help_messages"."internal" and "help_messages"."author_user_id" = app_user_id() and exists (select 1 from help_conversations c where c.id = "help_messages"."conversation_id" and c.user_id = app_user_id()));--> statement-breakpoint
CREATE POLICY "platform_admin_reads" ON "help_messages" AS PERMISSIVE FOR SELECT TO "rekomi_app" USING (app_platform_admin());--> statement-breakpoint
CREATE POLICY "platform_admin_writes" ON "help_messages" AS PERMISSIVE FOR INSERT TO "rekomi_app" WITH CHECK (app_platform_admin() and "help_messages"."author_kind" = 'staff' and "help_messages"."author_user_id" = app_user_id());--> statement-breakpoint
CREATE POLICY "lookup_opens_visitor" ON "help_messages" AS PERMISSIVE FOR INSERT TO "rekomi_lookup" WITH CHECK ("help_messages"."author_kind" = 'visitor' and not "help_messages"."internal" and "help_messages"."author_user_id" is null
        and exists (select 1 from help_conversations c where c.id = "help_messages"."conversation_id" and c.user_id is null));