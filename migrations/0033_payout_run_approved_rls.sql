-- A creator sees a payout only once the brand approved its run: a preview (draft) is the
-- brand's own working paper, and a preview the brand discarded never happened for the
-- creator. payout_runs is the brand's table, so the policy asks this narrow function.
CREATE OR REPLACE FUNCTION payout_run_approved(p_run_id text)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT coalesce((SELECT approved_at IS NOT NULL FROM payout_runs WHERE id = p_run_id), false) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION payout_run_approved(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION payout_run_approved(text) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION payout_run_approved(text) OWNER TO rekomi_lookup;
