-- Native gateways (issue 11): forced RLS on the new tables like every other (see 0002),
-- and the edge's one privileged question about a gateway webhook.
ALTER TABLE gateway_connections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE gateway_signature_refusals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE commission_tiers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A connection is disconnected, never deleted: its events and conversions keep naming it.
REVOKE DELETE, TRUNCATE ON gateway_connections FROM rekomi_app;
--> statement-breakpoint
GRANT SELECT ON gateway_connections TO rekomi_lookup;
--> statement-breakpoint
-- Connection id (from the webhook URL) → its brand, gateway, mode and sealed secrets.
-- Rows come back for disconnected connections and suspended brands too, so the edge can
-- say why it refuses; it never sees a plaintext secret (opened in the edge with its own key).
CREATE OR REPLACE FUNCTION gateway_connection_for_webhook(p_connection_id text)
  RETURNS TABLE (
    connection_id text, brand_id text, gateway text, livemode boolean, account_id text,
    credentials_ciphertext text, signing_secret_ciphertext text,
    previous_signing_secret_ciphertext text, previous_signing_secret_expires_at timestamptz,
    active boolean, brand_active boolean
  )
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT g.id, g.brand_id, g.gateway, g.livemode, g.account_id,
           g.credentials_ciphertext, g.signing_secret_ciphertext,
           g.previous_signing_secret_ciphertext, g.previous_signing_secret_expires_at,
           g.status = 'active', b.status = 'active'
      FROM gateway_connections g JOIN brands b ON b.id = g.brand_id
     WHERE g.id = p_connection_id
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION gateway_connection_for_webhook(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION gateway_connection_for_webhook(text) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION gateway_connection_for_webhook(text) OWNER TO rekomi_lookup;
