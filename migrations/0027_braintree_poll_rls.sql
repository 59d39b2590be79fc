-- Braintree sends no webhook for card refunds, so the cron searches its API for them
-- (src/gateways/braintree/poll.ts). Its one cross-tenant question: which active Braintree
-- connections of active brands were last searched before p_polled_before (or never).
-- In random order: a connection whose keys keep failing keeps its old cursor, and must not
-- hold the first places of every run. Ids only: each connection's row and sealed
-- credentials are then read under its brand's principal.
CREATE OR REPLACE FUNCTION braintree_connections_to_poll(p_polled_before timestamptz, p_limit integer)
  RETURNS TABLE (connection_id text, brand_id text)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT g.id, g.brand_id
      FROM gateway_connections g JOIN brands b ON b.id = g.brand_id
     WHERE g.gateway = 'braintree' AND g.status = 'active' AND b.status = 'active'
       AND (g.polled_until IS NULL OR g.polled_until < p_polled_before)
     ORDER BY random()
     LIMIT least(greatest(p_limit, 1), 500)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION braintree_connections_to_poll(timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION braintree_connections_to_poll(timestamptz, integer) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION braintree_connections_to_poll(timestamptz, integer) OWNER TO rekomi_lookup;
