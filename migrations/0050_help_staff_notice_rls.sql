-- Telling Rekomi staff that help conversations wait for them (src/help/staff-notice.ts).
-- The cron acts for no user, so it goes through two SECURITY DEFINER functions owned by
-- the lookup role: one marks what it is about to report, one mails each staff member at
-- their own account address. Neither returns or writes a message body.
GRANT UPDATE (staff_notified_at) ON help_conversations TO rekomi_lookup;
--> statement-breakpoint
GRANT INSERT ON email_outbox TO rekomi_lookup;
--> statement-breakpoint
-- Open conversations whose latest message is the user's (or visitor's) and newer than
-- both staff's last reply and the last notice, security issues first when more than
-- p_limit wait; marked as told.
-- SKIP LOCKED: two cron runs at once never report the same conversation twice.
CREATE OR REPLACE FUNCTION help_claim_staff_notice(p_limit integer)
  RETURNS TABLE (id text, topic text, subject text, from_visitor boolean, waiting_since timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE help_conversations c
       SET staff_notified_at = now()
     WHERE c.id IN (
       SELECT w.id FROM help_conversations w
        WHERE w.status = 'open'
          AND w.last_message_at > coalesce(w.last_staff_reply_at, '-infinity')
          AND w.last_message_at > coalesce(w.staff_notified_at, '-infinity')
        ORDER BY (w.topic = 'security') DESC, w.last_message_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED)
    RETURNING c.id, c.topic, c.subject, c.visitor_email IS NOT NULL, c.last_message_at
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION help_claim_staff_notice(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION help_claim_staff_notice(integer) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION help_claim_staff_notice(integer) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Who is told: staff who are not suspended.
CREATE OR REPLACE FUNCTION help_staff_ids()
  RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT u.id FROM users u WHERE u.is_platform_admin AND u.suspended_at IS NULL ORDER BY u.id
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION help_staff_ids() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION help_staff_ids() TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION help_staff_ids() OWNER TO rekomi_lookup;
--> statement-breakpoint
-- One mail per staff member named (p_ids: a new outbox id for each), each at their own
-- account address, rechecked as staff here; returns how many were queued. The mailbox
-- transport is the destination itself, so such mail is written as sent (as enqueueEmail does).
CREATE OR REPLACE FUNCTION help_mail_staff(p_ids text[], p_staff_ids text[], p_subject text, p_text text, p_html text, p_transport text)
  RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH queued AS (
      INSERT INTO email_outbox (id, user_id, to_address, subject, text_body, html_body, transport, status, sent_at)
      SELECT m.mail_id, u.id, u.email, p_subject, p_text, p_html, p_transport,
             CASE WHEN p_transport = 'mailbox' THEN 'sent' ELSE 'pending' END,
             CASE WHEN p_transport = 'mailbox' THEN now() END
        FROM unnest(p_ids, p_staff_ids) AS m(mail_id, staff_id)
        JOIN users u ON u.id = m.staff_id AND u.is_platform_admin AND u.suspended_at IS NULL
      RETURNING 1)
    SELECT count(*)::integer FROM queued
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION help_mail_staff(text[], text[], text, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION help_mail_staff(text[], text[], text, text, text, text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION help_mail_staff(text[], text[], text, text, text, text) OWNER TO rekomi_lookup;
