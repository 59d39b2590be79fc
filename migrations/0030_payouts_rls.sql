-- Payouts (issue 12): forced RLS like every other table (see 0002), money records that are
-- never deleted or rewritten, and the narrow lookups the Stripe event consumer and the
-- scheduler need to find the brand or creator a platform event belongs to.
ALTER TABLE payout_policies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE payout_accounts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE payout_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE payouts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE payout_commissions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Runs, payouts and their commission links are the record of money that moved: a run is
-- canceled, never deleted; a payout's amount, creator and run never change after insert.
REVOKE DELETE, TRUNCATE ON payout_runs, payouts, payout_commissions, payout_accounts FROM rekomi_app;
--> statement-breakpoint
REVOKE UPDATE ON payouts, payout_commissions FROM rekomi_app;
--> statement-breakpoint
GRANT UPDATE (status, stripe_account_id, transfer_id, source_transaction, failure_code, failure_message, paid_at, updated_at) ON payouts TO rekomi_app;
--> statement-breakpoint
-- A commission names the payout paying it; the link table names commissions for good.
ALTER TABLE commissions ADD CONSTRAINT commissions_payout FOREIGN KEY (payout_id, brand_id) REFERENCES payouts (id, brand_id) ON DELETE SET NULL (payout_id);
--> statement-breakpoint
ALTER TABLE payout_commissions ADD CONSTRAINT payout_commissions_commission FOREIGN KEY (commission_id, brand_id) REFERENCES commissions (id, brand_id) ON DELETE CASCADE;
--> statement-breakpoint
CREATE INDEX commissions_payout ON commissions (payout_id) WHERE payout_id IS NOT NULL;
--> statement-breakpoint
-- A commission is paid only by a payout (its transfer exists).
ALTER TABLE commissions ADD CONSTRAINT commissions_paid_by_payout CHECK (status <> 'paid' OR payout_id IS NOT NULL) NOT VALID;
--> statement-breakpoint
GRANT SELECT ON payout_policies, payout_accounts, payout_runs, payouts TO rekomi_lookup;
--> statement-breakpoint
-- Every platform object of a run (PaymentIntent, Charge, Transfer) carries transfer_group =
-- the run id: a signed platform event names its run, and this says whose it is.
CREATE OR REPLACE FUNCTION payout_run_brand(p_run_id text)
  RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT brand_id FROM payout_runs WHERE id = p_run_id $$;
--> statement-breakpoint
-- `account.updated` and `payout.*` of a connected account → the creator who owns it.
CREATE OR REPLACE FUNCTION payout_account_owner(p_stripe_account_id text)
  RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT affiliate_id FROM payout_accounts WHERE stripe_account_id = p_stripe_account_id $$;
--> statement-breakpoint
-- The scheduler: brands whose next run is due.
CREATE OR REPLACE FUNCTION due_payout_policies(p_limit integer)
  RETURNS TABLE (brand_id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT brand_id FROM payout_policies WHERE next_run_at <= now() ORDER BY next_run_at LIMIT p_limit $$;
--> statement-breakpoint
-- The sweeper: runs whose money has been moving for longer than `p_idle` (a lost message or event).
CREATE OR REPLACE FUNCTION moving_payout_runs(p_idle interval, p_limit integer)
  RETURNS TABLE (run_id text, brand_id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT id, brand_id FROM payout_runs WHERE status IN ('charging', 'transferring') AND updated_at < now() - p_idle ORDER BY updated_at LIMIT p_limit $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION payout_run_brand(text), payout_account_owner(text), due_payout_policies(integer), moving_payout_runs(interval, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION payout_run_brand(text), payout_account_owner(text), due_payout_policies(integer), moving_payout_runs(interval, integer) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the functions.
ALTER FUNCTION payout_run_brand(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION payout_account_owner(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION due_payout_policies(integer) OWNER TO rekomi_lookup;
--> statement-breakpoint
ALTER FUNCTION moving_payout_runs(interval, integer) OWNER TO rekomi_lookup;
