-- Tracking tables: forced RLS like every other table (see 0002).
ALTER TABLE clicks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE link_daily_clicks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE s2s_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tracking_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE customers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE conversions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Append-only records: what was clicked and what was received never changes afterwards.
REVOKE UPDATE, DELETE ON clicks, tracking_events FROM rekomi_app;
--> statement-breakpoint
-- Conversions are corrected (a refund linked to its sale, a sale credited when its lead
-- arrives late), never deleted.
REVOKE DELETE ON conversions FROM rekomi_app;
--> statement-breakpoint
GRANT SELECT ON s2s_keys TO rekomi_lookup;
--> statement-breakpoint
-- The edge's S2S read: key id → brand and the encrypted secret(s) that may sign for it.
-- Rows come back for revoked keys and suspended brands too, so the edge can say why it
-- refuses; it never sees a plaintext secret (decrypted in the edge with its own key).
CREATE OR REPLACE FUNCTION s2s_key_for_ingest(p_key_id text)
  RETURNS TABLE (
    key_id text, brand_id text, secret_ciphertext text, previous_secret_ciphertext text,
    previous_secret_expires_at timestamptz, revoked boolean, brand_active boolean
  )
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT k.id, k.brand_id, k.secret_ciphertext, k.previous_secret_ciphertext,
           k.previous_secret_expires_at, k.revoked_at IS NOT NULL, b.status = 'active'
      FROM s2s_keys k JOIN brands b ON b.id = k.brand_id
     WHERE k.id = p_key_id
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION s2s_key_for_ingest(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION s2s_key_for_ingest(text) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION s2s_key_for_ingest(text) OWNER TO rekomi_lookup;
