-- Status page subscribers (issue 14 review): confirmation links expire after 48 h, each
-- confirmed subscriber gets a random unsubscribe token, and fan-out mail goes last.
--
-- A visitor subscribes (called only when a confirmation mail will go out, so a rate-limited
-- request cannot void a pending link): a new address, or one never confirmed, gets the new
-- confirmation token's hash and a fresh 48 h window; an address already confirmed is left
-- alone. Says whether to mail a link.
CREATE OR REPLACE FUNCTION status_subscribe(p_id text, p_email text, p_confirm_hash text)
  RETURNS TABLE (subscriber_id text, needs_confirmation boolean)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    INSERT INTO status_subscribers (id, email, confirm_token_hash, confirm_sent_at) VALUES (p_id, lower(p_email), p_confirm_hash, now())
      ON CONFLICT (email) DO UPDATE SET confirm_token_hash = excluded.confirm_token_hash, confirm_sent_at = now()
       WHERE status_subscribers.confirmed_at IS NULL;
    RETURN QUERY SELECT s.id, s.confirmed_at IS NULL FROM status_subscribers s WHERE s.email = lower(p_email);
  END
  $$;
--> statement-breakpoint
-- The confirmation link, within 48 h of its mail: confirms and stores the unsubscribe token.
CREATE OR REPLACE FUNCTION status_confirm_subscription(p_confirm_hash text, p_unsubscribe_token text)
  RETURNS text
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE status_subscribers SET confirmed_at = now(), confirm_token_hash = NULL, unsubscribe_token = p_unsubscribe_token
     WHERE confirm_token_hash = p_confirm_hash AND confirmed_at IS NULL AND confirm_sent_at > now() - interval '48 hours'
       AND length(p_unsubscribe_token) >= 32
    RETURNING id
  $$;
--> statement-breakpoint
-- Leaving deletes the address (and its unsent mail, by cascade): nothing is kept of it.
CREATE OR REPLACE FUNCTION status_unsubscribe(p_unsubscribe_token text)
  RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH gone AS (DELETE FROM status_subscribers WHERE unsubscribe_token = p_unsubscribe_token RETURNING 1) SELECT count(*) > 0 FROM gone
  $$;
--> statement-breakpoint
-- Whether an unsubscribe link is live (its page only asks; the button deletes).
CREATE OR REPLACE FUNCTION status_unsubscribe_token_valid(p_unsubscribe_token text)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT EXISTS (SELECT 1 FROM status_subscribers WHERE unsubscribe_token = p_unsubscribe_token)
  $$;
--> statement-breakpoint
-- Retention (src/infra/jobs/retention.ts): addresses never confirmed within their 48 h are forgotten.
CREATE OR REPLACE FUNCTION status_purge_unconfirmed()
  RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH gone AS (DELETE FROM status_subscribers WHERE confirmed_at IS NULL AND confirm_sent_at < now() - interval '48 hours' RETURNING 1) SELECT count(*)::int FROM gone
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION status_subscribe(text, text, text), status_confirm_subscription(text, text), status_unsubscribe(text), status_unsubscribe_token_valid(text), status_purge_unconfirmed() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION status_subscribe(text, text, text), status_confirm_subscription(text, text), status_unsubscribe(text), status_unsubscribe_token_valid(text), status_purge_unconfirmed() TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION status_subscribe(text, text, text) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_confirm_subscription(text, text) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_unsubscribe(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_unsubscribe_token_valid(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_purge_unconfirmed() OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Mail delivery (first in 0007): fan-out mail (bulk) is claimed only after every other
-- deliverable row, so an incident mailed to thousands of subscribers does not hold back
-- password resets and invitations for the cron's 50-a-minute passes. Replaced as its owner
-- (rekomi_lookup), which keeps its grants.
SET ROLE rekomi_lookup;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION claim_email_outbox(p_ids text[], p_limit integer)
  RETURNS TABLE (id text, to_address text, subject text, text_body text, html_body text, transport text, attempts integer)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE email_outbox o
       SET status = 'sending', attempts = o.attempts + 1, locked_until = now() + interval '2 minutes'
     WHERE o.id IN (
       SELECT c.id FROM email_outbox c
        WHERE c.status IN ('pending', 'sending') AND (c.locked_until IS NULL OR c.locked_until < now())
          AND c.transport <> 'mailbox' AND (p_ids IS NULL OR c.id = ANY (p_ids))
        ORDER BY c.bulk, c.created_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.to_address, o.subject, o.text_body, o.html_body, o.transport, o.attempts
  $$;
--> statement-breakpoint
RESET ROLE;
