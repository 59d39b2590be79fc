-- Tax forms: forced RLS, what the app role may change, and the one privileged read the
-- signed download route needs. The function is handed to rekomi_lookup last: REVOKE and
-- GRANT only take effect while the migration role still owns it.
ALTER TABLE tax_forms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Tax records are kept: the app never deletes a form, and may change only its review and
-- supersession; the file's identity (type, key, hash, size, owner) is fixed at upload.
REVOKE UPDATE, DELETE, TRUNCATE ON tax_forms FROM rekomi_app;
--> statement-breakpoint
GRANT UPDATE (status, reviewed_at, reviewed_by_user_id, reviewed_by_brand_id, rejection_reason, superseded_at, updated_at) ON tax_forms TO rekomi_app;
--> statement-breakpoint
GRANT SELECT ON tax_forms TO rekomi_lookup;
--> statement-breakpoint
-- Form id → where its file is, for GET /files/tax-forms/{id}. Called only after the
-- request's HMAC signature and expiry were checked: the signed URL is the authorization,
-- issued to someone who passed the dashboard's checks and recorded in the audit log.
CREATE OR REPLACE FUNCTION tax_form_file(p_id text)
  RETURNS TABLE (object_key text, form_type text, size_bytes integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT f.object_key, f.form_type, f.size_bytes FROM tax_forms f WHERE f.id = p_id
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tax_form_file(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tax_form_file(text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION tax_form_file(text) OWNER TO rekomi_lookup;
