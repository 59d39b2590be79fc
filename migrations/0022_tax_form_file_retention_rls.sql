-- Superseded tax forms keep their row and audit trail, but their file leaves R2 after the
-- retention window (src/tax-forms/retention.ts). The cron lists due files and records each
-- purge through these two narrow functions; rekomi_lookup's policies (see the schema) let
-- it stamp only superseded forms and append only the `tax_form.file_purged` system event.
-- Each function is handed to rekomi_lookup last: REVOKE and GRANT only take effect while
-- the migration role still owns it.
GRANT UPDATE (file_purged_at, updated_at) ON tax_forms TO rekomi_lookup;
--> statement-breakpoint
GRANT INSERT ON audit_events TO rekomi_lookup;
--> statement-breakpoint
-- Superseded forms whose file is still in R2 and that were superseded before the cutoff.
CREATE OR REPLACE FUNCTION superseded_tax_form_files_due(p_superseded_before timestamptz, p_limit integer)
  RETURNS TABLE (tax_form_id text, object_key text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT f.id, f.object_key
      FROM tax_forms f
     WHERE f.status = 'superseded' AND f.file_purged_at IS NULL AND f.superseded_at < p_superseded_before
     ORDER BY f.superseded_at
     LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION superseded_tax_form_files_due(timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION superseded_tax_form_files_due(timestamptz, integer) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION superseded_tax_form_files_due(timestamptz, integer) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- After the R2 delete: stamps the row and appends the audit event (subject: the creator who
-- uploaded it, so it shows in their account activity). False when already recorded.
CREATE OR REPLACE FUNCTION record_tax_form_file_purged(p_id text, p_audit_id text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  purged record;
BEGIN
  UPDATE tax_forms f SET file_purged_at = now(), updated_at = now()
   WHERE f.id = p_id AND f.status = 'superseded' AND f.file_purged_at IS NULL
  RETURNING f.id, f.affiliate_id, f.form_type, f.superseded_at, f.uploaded_by_user_id INTO purged;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO audit_events (id, subject_user_id, actor_type, action, target_type, target_id, metadata)
  VALUES (p_audit_id, purged.uploaded_by_user_id, 'system', 'tax_form.file_purged', 'tax_form', purged.id,
          jsonb_build_object('affiliate_id', purged.affiliate_id, 'form_type', purged.form_type, 'superseded_at', purged.superseded_at));
  RETURN true;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION record_tax_form_file_purged(text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION record_tax_form_file_purged(text, text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION record_tax_form_file_purged(text, text) OWNER TO rekomi_lookup;
