-- Idempotency records replay for 24 hours only. The cron purges older ones through this
-- narrow function; rekomi_lookup's policies (see the schema) show it expired rows only.
-- Handed to rekomi_lookup last: REVOKE and GRANT only take effect while the migration
-- role still owns it.
GRANT SELECT (created_at), DELETE ON idempotency_keys TO rekomi_lookup;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION purge_expired_idempotency_keys() RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH purged AS (DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours' RETURNING 1)
    SELECT count(*)::integer FROM purged
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION purge_expired_idempotency_keys() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION purge_expired_idempotency_keys() TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION purge_expired_idempotency_keys() OWNER TO rekomi_lookup;
