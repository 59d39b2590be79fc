-- The public status page (issue 14): forced RLS like every table (see 0002). Staff (and the
-- cron, as the jobs' staff principal) write; the public reads component states, daily uptime
-- and posted incidents only through the SECURITY DEFINER functions below, owned by
-- rekomi_lookup, which return no tenant data and no probe details.
ALTER TABLE status_probes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE status_daily FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE status_incidents FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE status_incident_updates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE status_subscribers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE status_server_errors FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- An incident's posts are its public record: staff add to it, never rewrite or delete it.
REVOKE UPDATE, DELETE, TRUNCATE ON status_incident_updates FROM rekomi_app;
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON status_incidents FROM rekomi_app;
--> statement-breakpoint
-- Visitors subscribe through functions only; staff may read the list to notify it.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON status_subscribers FROM rekomi_app;
--> statement-breakpoint
GRANT SELECT ON status_probes, status_daily, status_incidents, status_incident_updates, dead_letters TO rekomi_lookup;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON status_subscribers TO rekomi_lookup;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON status_server_errors TO rekomi_lookup;
--> statement-breakpoint
-- The app worker counts the 5xx it answers (src/status/server-errors.ts), whoever asked: each
-- isolate adds its batch of p_errors for one minute. A minute in the future or over an hour
-- old is clamped to now; a count outside 1..100000 is refused.
CREATE OR REPLACE FUNCTION status_count_server_errors(p_component text, p_minute timestamptz, p_errors integer)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    INSERT INTO status_server_errors (component, minute, errors)
      SELECT p_component,
             date_trunc('minute', CASE WHEN p_minute > now() OR p_minute < now() - interval '1 hour' THEN now() ELSE p_minute END),
             p_errors
       WHERE p_errors BETWEEN 1 AND 100000
      ON CONFLICT (component, minute) DO UPDATE SET errors = status_server_errors.errors + excluded.errors
  $$;
--> statement-breakpoint
-- Platform-wide signals for the cron's probe: counts and ages only, never a row.
CREATE OR REPLACE FUNCTION status_signals()
  RETURNS TABLE (webhooks_overdue integer, webhooks_oldest_overdue_seconds integer, dead_events integer, dead_clicks integer, dead_webhooks integer, dead_payouts integer, payout_runs_stalled integer, rest_api_errors integer, dashboard_errors integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT
      (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at < now() - interval '2 minutes'),
      (SELECT coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0)::int FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at < now() - interval '2 minutes'),
      (SELECT count(*)::int FROM dead_letters WHERE queue = 'rekomi-events' AND last_seen_at > now() - interval '15 minutes'),
      (SELECT count(*)::int FROM dead_letters WHERE queue = 'rekomi-clicks' AND last_seen_at > now() - interval '15 minutes'),
      (SELECT count(*)::int FROM dead_letters WHERE queue = 'rekomi-webhooks' AND last_seen_at > now() - interval '15 minutes'),
      (SELECT count(*)::int FROM dead_letters WHERE queue = 'rekomi-payouts' AND last_seen_at > now() - interval '15 minutes'),
      (SELECT count(*)::int FROM payout_runs WHERE status IN ('charging', 'transferring') AND updated_at < now() - interval '30 minutes'),
      (SELECT coalesce(sum(errors), 0)::int FROM status_server_errors WHERE component = 'rest_api' AND minute > now() - interval '5 minutes'),
      (SELECT coalesce(sum(errors), 0)::int FROM status_server_errors WHERE component = 'dashboard' AND minute > now() - interval '5 minutes')
  $$;
--> statement-breakpoint
-- The last three probes of each component within ten minutes: enough to tell a blip from an outage.
CREATE OR REPLACE FUNCTION status_recent_probes()
  RETURNS TABLE (component text, state text, checked_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT component, state, checked_at FROM (
      SELECT component, state, checked_at, row_number() OVER (PARTITION BY component ORDER BY checked_at DESC) AS n
        FROM status_probes WHERE checked_at > now() - interval '10 minutes'
    ) recent WHERE n <= 3 ORDER BY component, checked_at DESC
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION status_uptime(p_days integer)
  RETURNS TABLE (component text, day date, probes integer, operational integer, degraded integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT component, day, probes, operational, degraded FROM status_daily
     WHERE day > (now() AT TIME ZONE 'UTC')::date - least(greatest(p_days, 1), 90)
     ORDER BY component, day
  $$;
--> statement-breakpoint
-- Open incidents and those of the last p_days, without who posted them.
CREATE OR REPLACE FUNCTION status_public_incidents(p_days integer)
  RETURNS TABLE (id text, title text, impact text, status text, components text[], created_at timestamptz, updated_at timestamptz, resolved_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT id, title, impact, status, components, created_at, updated_at, resolved_at FROM status_incidents
     WHERE resolved_at IS NULL OR created_at > now() - make_interval(days => least(greatest(p_days, 1), 90))
     ORDER BY created_at DESC LIMIT 50
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION status_public_incident_updates(p_incident_ids text[])
  RETURNS TABLE (incident_id text, status text, body text, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT incident_id, status, body, created_at FROM status_incident_updates
     WHERE incident_id = ANY (p_incident_ids) ORDER BY created_at DESC, id DESC
  $$;
--> statement-breakpoint
-- The subscribers' functions (subscribe, confirm, unsubscribe, purge) are in 0045_status_subscriber_tokens_rls.
REVOKE ALL ON FUNCTION status_signals(), status_recent_probes(), status_uptime(integer), status_public_incidents(integer), status_public_incident_updates(text[]), status_count_server_errors(text, timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION status_signals(), status_recent_probes(), status_uptime(integer), status_public_incidents(integer), status_public_incident_updates(text[]), status_count_server_errors(text, timestamptz, integer) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION status_signals() OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_recent_probes() OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_uptime(integer) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_public_incidents(integer) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_public_incident_updates(text[]) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION status_count_server_errors(text, timestamptz, integer) OWNER TO rekomi_lookup;
