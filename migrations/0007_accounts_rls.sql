-- Accounts, teams and access: forced RLS on the new tables, what the app role may not do,
-- the privileged-column guards, and the narrow SECURITY DEFINER functions that answer
-- questions before a principal exists (sign-in, token links, rate limits, mail delivery).
-- Each function is handed to rekomi_lookup last: REVOKE and GRANT only take effect while
-- the migration role still owns it.
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE auth_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rate_limit_buckets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE email_outbox FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The audit log is append-only for the app.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM rekomi_app;
--> statement-breakpoint
-- Tokens are minted by the app and spent only by consume_auth_token().
REVOKE UPDATE, DELETE, TRUNCATE ON auth_tokens FROM rekomi_app;
--> statement-breakpoint
-- Mail is written by the app and delivered only through claim/settle below.
REVOKE UPDATE, DELETE, TRUNCATE ON email_outbox FROM rekomi_app;
--> statement-breakpoint
GRANT SELECT, DELETE ON auth_tokens TO rekomi_lookup;
--> statement-breakpoint
GRANT UPDATE (used_at) ON auth_tokens TO rekomi_lookup;
--> statement-breakpoint
GRANT SELECT ON invitations TO rekomi_lookup;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_buckets TO rekomi_lookup;
--> statement-breakpoint
GRANT SELECT ON email_outbox TO rekomi_lookup;
--> statement-breakpoint
GRANT UPDATE (status, attempts, locked_until, sent_at, provider_message_id, last_error, text_body, html_body) ON email_outbox TO rekomi_lookup;
--> statement-breakpoint
-- Only operators (the owner role) make platform admins; only platform admins suspend.
-- RLS decides which rows the app may touch; this decides which columns.
CREATE OR REPLACE FUNCTION users_guard_privileged_columns() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
BEGIN
  IF current_user <> 'rekomi_app' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.is_platform_admin OR NEW.suspended_at IS NOT NULL THEN
      RAISE EXCEPTION 'users: new accounts cannot be platform admins or suspended' USING ERRCODE = '42501';
    END IF;
  ELSE
    IF NEW.is_platform_admin IS DISTINCT FROM OLD.is_platform_admin THEN
      RAISE EXCEPTION 'users: is_platform_admin is set by operators only' USING ERRCODE = '42501';
    END IF;
    IF NEW.suspended_at IS DISTINCT FROM OLD.suspended_at AND NOT app_platform_admin() THEN
      RAISE EXCEPTION 'users: only platform admins suspend accounts' USING ERRCODE = '42501';
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_guard_privileged_columns BEFORE INSERT OR UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION users_guard_privileged_columns();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION brands_guard_status() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
BEGIN
  IF current_user = 'rekomi_app' AND NOT app_platform_admin()
     AND ((TG_OP = 'INSERT' AND NEW.status <> 'active') OR (TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status)) THEN
    RAISE EXCEPTION 'brands: only platform admins suspend brands' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER brands_guard_status BEFORE INSERT OR UPDATE ON brands
  FOR EACH ROW EXECUTE FUNCTION brands_guard_status();
--> statement-breakpoint
-- Sign-in, sign-up and reset: email → the account, before anyone is signed in. Returns the
-- stored hash because the worker verifies passwords (PBKDF2 in WebCrypto).
CREATE OR REPLACE FUNCTION find_user_by_email(p_email text)
  RETURNS TABLE (user_id text, email text, password_hash text, email_verified boolean, suspended boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT u.id, u.email, u.password_hash, u.email_verified_at IS NOT NULL, u.suspended_at IS NOT NULL
      FROM users u
     WHERE lower(u.email) = lower(p_email)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION find_user_by_email(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION find_user_by_email(text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION find_user_by_email(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Spends an emailed token: valid only if unused, unexpired and of one of the purposes
-- given. Spending one spends its unused siblings of the same purpose, so an older reset
-- link stops working once a newer one was used. Call it inside the transaction that
-- applies the effect, so a failed effect does not burn the token.
CREATE OR REPLACE FUNCTION consume_auth_token(p_token_hash text, p_purposes text[])
  RETURNS TABLE (user_id text, email text, purpose text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
#variable_conflict use_column
DECLARE
  spent record;
BEGIN
  UPDATE auth_tokens t SET used_at = now()
   WHERE t.token_hash = p_token_hash AND t.purpose = ANY (p_purposes)
     AND t.used_at IS NULL AND t.expires_at > now()
  RETURNING t.user_id, t.email, t.purpose INTO spent;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  UPDATE auth_tokens t SET used_at = now()
   WHERE t.user_id = spent.user_id AND t.purpose = spent.purpose AND t.used_at IS NULL;
  user_id := spent.user_id;
  email := spent.email;
  purpose := spent.purpose;
  RETURN NEXT;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION consume_auth_token(text, text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION consume_auth_token(text, text[]) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION consume_auth_token(text, text[]) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Invitation token → what the invitee is joining, before they are a member.
CREATE OR REPLACE FUNCTION find_invitation(p_token_hash text)
  RETURNS TABLE (invitation_id text, brand_id text, brand_name text, email text, role text, state text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT i.id, i.brand_id, b.name, i.email, i.role,
           CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'
                WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                WHEN i.expires_at <= now() THEN 'expired'
                WHEN b.status <> 'active' THEN 'unavailable'
                ELSE 'pending' END
      FROM invitations i JOIN brands b ON b.id = i.brand_id
     WHERE i.token_hash = p_token_hash
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION find_invitation(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION find_invitation(text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION find_invitation(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Rate limits: one hit on each key (distinct SHA-256 keys), in fixed windows. Returns the
-- count in the current window and the seconds until it ends (for Retry-After).
CREATE OR REPLACE FUNCTION rate_limit_hit(p_keys text[], p_window_seconds integer[])
  RETURNS TABLE (key text, hits integer, retry_after_seconds integer)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    INSERT INTO rate_limit_buckets AS b (key, hits, window_started_at, window_seconds)
    SELECT k, 1, now(), w FROM unnest(p_keys, p_window_seconds) AS u(k, w)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN b.window_started_at + make_interval(secs => b.window_seconds) > now() THEN b.hits + 1 ELSE 1 END,
      window_started_at = CASE WHEN b.window_started_at + make_interval(secs => b.window_seconds) > now() THEN b.window_started_at ELSE now() END,
      window_seconds = excluded.window_seconds
    RETURNING b.key, b.hits,
      greatest(1, ceil(extract(epoch FROM b.window_started_at + make_interval(secs => b.window_seconds) - now())))::integer
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION rate_limit_hit(text[], integer[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION rate_limit_hit(text[], integer[]) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION rate_limit_hit(text[], integer[]) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- The current counts of some keys without counting a hit (keys with no live window are absent).
CREATE OR REPLACE FUNCTION rate_limit_peek(p_keys text[])
  RETURNS TABLE (key text, hits integer, retry_after_seconds integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT b.key, b.hits,
           greatest(1, ceil(extract(epoch FROM b.window_started_at + make_interval(secs => b.window_seconds) - now())))::integer
      FROM rate_limit_buckets b
     WHERE b.key = ANY (p_keys) AND b.window_started_at + make_interval(secs => b.window_seconds) > now()
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION rate_limit_peek(text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION rate_limit_peek(text[]) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION rate_limit_peek(text[]) OWNER TO rekomi_lookup;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rate_limit_clear(p_keys text[]) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ DELETE FROM rate_limit_buckets WHERE key = ANY (p_keys) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION rate_limit_clear(text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION rate_limit_clear(text[]) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION rate_limit_clear(text[]) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Mail delivery: claims deliverable rows (all, or only p_ids) for two minutes, so two
-- senders never send the same row at once; a crashed sender's claim simply expires.
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
        ORDER BY c.created_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.to_address, o.subject, o.text_body, o.html_body, o.transport, o.attempts
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION claim_email_outbox(text[], integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION claim_email_outbox(text[], integer) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION claim_email_outbox(text[], integer) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Records a delivery attempt. Sent mail drops its bodies (tokens must not linger); a
-- failure is retried with a growing pause, and given up after 8 attempts.
CREATE OR REPLACE FUNCTION settle_email_outbox(p_id text, p_provider_message_id text, p_error text) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE email_outbox SET
      status = CASE WHEN p_error IS NULL THEN 'sent' WHEN attempts >= 8 THEN 'failed' ELSE 'pending' END,
      sent_at = CASE WHEN p_error IS NULL THEN now() END,
      provider_message_id = p_provider_message_id,
      last_error = left(p_error, 1000),
      locked_until = CASE WHEN p_error IS NULL THEN NULL ELSE now() + make_interval(mins => least(attempts * attempts, 360)) END,
      text_body = CASE WHEN p_error IS NULL THEN NULL ELSE text_body END,
      html_body = CASE WHEN p_error IS NULL THEN NULL ELSE html_body END
    WHERE id = p_id AND status = 'sending'
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION settle_email_outbox(text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION settle_email_outbox(text, text, text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION settle_email_outbox(text, text, text) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- The dev mailbox (/dev/mailbox, development and test only). It can only ever show rows
-- written with the `mailbox` transport, which the app refuses to use in production, so
-- even a mistakenly enabled page would show no production mail.
CREATE OR REPLACE FUNCTION dev_mailbox(p_limit integer)
  RETURNS TABLE (id text, to_address text, subject text, text_body text, html_body text, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT m.id, m.to_address, m.subject, m.text_body, m.html_body, m.created_at
      FROM email_outbox m
     WHERE m.transport = 'mailbox'
     ORDER BY m.id DESC
     LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION dev_mailbox(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION dev_mailbox(integer) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION dev_mailbox(integer) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Housekeeping for the cron: finished rate-limit windows and long-dead tokens.
CREATE OR REPLACE FUNCTION purge_expired_auth_rows() RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    DELETE FROM rate_limit_buckets WHERE window_started_at + make_interval(secs => window_seconds) < now() - interval '1 hour';
    DELETE FROM auth_tokens WHERE expires_at < now() - interval '7 days';
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION purge_expired_auth_rows() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION purge_expired_auth_rows() TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION purge_expired_auth_rows() OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Operators make (or unmake) Rekomi staff: `select set_platform_admin('ops@rekomi.com', true)`
-- as the owner role. The app role cannot call it; FORCE RLS keeps even the owner off rows,
-- so this narrow function is the one way in.
GRANT UPDATE (is_platform_admin, updated_at) ON users TO rekomi_lookup;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION set_platform_admin(p_email text, p_on boolean) RETURNS text
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE users SET is_platform_admin = p_on, updated_at = now() WHERE lower(email) = lower(p_email) RETURNING id
  $$;
--> statement-breakpoint
-- Handed over first, then granted as its new owner: a grant the migration role made to
-- itself would move to rekomi_lookup with the ownership.
ALTER FUNCTION set_platform_admin(text, boolean) OWNER TO rekomi_lookup;
--> statement-breakpoint
SET ROLE rekomi_lookup;
--> statement-breakpoint
REVOKE ALL ON FUNCTION set_platform_admin(text, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION set_platform_admin(text, boolean) TO SESSION_USER;
--> statement-breakpoint
RESET ROLE;
