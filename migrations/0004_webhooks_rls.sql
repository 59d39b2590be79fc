ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_attempts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Events and the delivery log are history: written once, never edited by the app.
REVOKE UPDATE, DELETE ON webhook_events, webhook_attempts FROM rekomi_app;
--> statement-breakpoint
GRANT SELECT ON webhook_deliveries TO rekomi_lookup;
--> statement-breakpoint
-- The cron sweeper's one cross-tenant question: which deliveries are due, and for which brand.
CREATE OR REPLACE FUNCTION due_webhook_deliveries(p_limit integer)
  RETURNS TABLE (delivery_id text, brand_id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT id, brand_id FROM webhook_deliveries
     WHERE status = 'pending' AND next_attempt_at <= now()
     ORDER BY next_attempt_at
     LIMIT least(greatest(p_limit, 1), 1000)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION due_webhook_deliveries(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION due_webhook_deliveries(integer) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION due_webhook_deliveries(integer) OWNER TO rekomi_lookup;
