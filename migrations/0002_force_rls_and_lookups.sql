-- FORCE makes RLS apply to the table owner too, so no connection except a superuser's
-- ever reads across tenants. Every new table must be added here or in a later migration;
-- test/rls/meta.rls.test.ts fails when one is missing.
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE brands FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE brand_members FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE affiliates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE campaigns FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE enrollments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tracking_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON users, brands, campaigns, enrollments, tracking_links, api_keys TO rekomi_lookup;
--> statement-breakpoint
GRANT UPDATE (last_used_at) ON api_keys TO rekomi_lookup;
--> statement-breakpoint
-- The edge's one cross-tenant read: link code → where to send the visitor and whom to credit.
-- `active` is false when the link, its enrollment or its campaign is not live.
CREATE OR REPLACE FUNCTION resolve_tracking_link(p_code text)
  RETURNS TABLE (
    link_id text, brand_id text, campaign_id text, enrollment_id text, affiliate_id text,
    destination_url text, cookie_window_days integer, attribution_model text, active boolean
  )
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT l.id, l.brand_id, l.campaign_id, l.enrollment_id, l.affiliate_id,
           coalesce(l.destination_url, c.destination_url), c.cookie_window_days, c.attribution_model,
           (l.status = 'active' AND c.status = 'active' AND e.status = 'approved')
      FROM tracking_links l
      JOIN campaigns c ON c.id = l.campaign_id
      JOIN enrollments e ON e.id = l.enrollment_id
     WHERE l.code = p_code
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION resolve_tracking_link(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION resolve_tracking_link(text) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION resolve_tracking_link(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- API key → brand, before any principal exists. Stamps last_used_at at most once a minute
-- so that busy keys do not turn every read into a write.
CREATE OR REPLACE FUNCTION authenticate_api_key(p_key_hash text)
  RETURNS TABLE (key_id text, brand_id text)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE api_keys SET last_used_at = now()
     WHERE key_hash = p_key_hash AND revoked_at IS NULL
       AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute');
    SELECT k.id, k.brand_id
      FROM api_keys k JOIN brands b ON b.id = k.brand_id
     WHERE k.key_hash = p_key_hash AND k.revoked_at IS NULL AND b.status = 'active';
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION authenticate_api_key(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION authenticate_api_key(text) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION authenticate_api_key(text) OWNER TO rekomi_lookup;
