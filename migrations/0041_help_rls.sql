-- Help messenger: forced RLS like every table (see 0002), messages and attachments that
-- are never rewritten, a trigger that keeps who a conversation belongs to fixed and the
-- staff columns for staff, and the one privileged write of the signed-out door.
ALTER TABLE help_conversations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE help_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE help_attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON help_messages, help_attachments FROM rekomi_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON help_conversations FROM rekomi_app;
--> statement-breakpoint
GRANT UPDATE (status, assigned_to_user_id, last_message_at, last_staff_reply_at, user_read_at, updated_at) ON help_conversations TO rekomi_app;
--> statement-breakpoint
-- Column grants cannot tell a user from staff (one role): a user may move the status
-- (writing reopens, closing) and their read mark only; assignment and the staff reply
-- mark are staff's.
CREATE OR REPLACE FUNCTION help_conversations_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF NOT app_platform_admin() AND (NEW.assigned_to_user_id, NEW.last_staff_reply_at) IS DISTINCT FROM (OLD.assigned_to_user_id, OLD.last_staff_reply_at) THEN
      RAISE EXCEPTION 'only Rekomi staff assign a help conversation or answer it' USING ERRCODE = '42501';
    END IF;
    IF app_platform_admin() AND NEW.user_read_at IS DISTINCT FROM OLD.user_read_at THEN
      RAISE EXCEPTION 'the read mark is the user''s own' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER help_conversations_guard BEFORE UPDATE ON help_conversations FOR EACH ROW EXECUTE FUNCTION help_conversations_guard();
--> statement-breakpoint
GRANT SELECT, INSERT ON help_conversations, help_messages TO rekomi_lookup;
--> statement-breakpoint
-- The signed-out door: a visitor's first message, with the address staff's replies go to.
-- Nothing is read back (the visitor gets replies by mail only); the route rate-limits it.
CREATE OR REPLACE FUNCTION open_visitor_help_conversation(p_id text, p_message_id text, p_email text, p_topic text, p_subject text, p_body text)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    INSERT INTO help_conversations (id, visitor_email, topic, subject) VALUES (p_id, p_email, p_topic, p_subject);
    INSERT INTO help_messages (id, conversation_id, author_kind, body) VALUES (p_message_id, p_id, 'visitor', p_body);
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION open_visitor_help_conversation(text, text, text, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION open_visitor_help_conversation(text, text, text, text, text, text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION open_visitor_help_conversation(text, text, text, text, text, text) OWNER TO rekomi_lookup;
