-- Creators and recruiting: forced RLS on the new tables, the guard that reserves network
-- listing decisions to Rekomi staff, and the two narrow lookups that show a visitor what a
-- join link or an emailed creator invitation leads to before they are enrolled.
-- Each function is handed to rekomi_lookup last: REVOKE and GRANT only take effect while
-- the migration role still owns it.
ALTER TABLE campaign_join_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE creator_invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON campaign_join_links, creator_invitations TO rekomi_lookup;
--> statement-breakpoint
-- A creator may ask to be listed (pending) or leave the network (unlisted); approving,
-- rejecting and suspending are staff decisions, and staff touch nothing else of a profile.
-- RLS decides which rows; this decides which values.
CREATE OR REPLACE FUNCTION affiliates_guard_network() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
DECLARE
  review_columns text[] := ARRAY['network_status', 'network_reviewed_at', 'network_review_note', 'updated_at'];
BEGIN
  IF current_user <> 'rekomi_app' THEN
    RETURN NEW;
  END IF;
  IF app_platform_admin() THEN
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - review_columns) IS DISTINCT FROM (to_jsonb(OLD) - review_columns) THEN
      RAISE EXCEPTION 'affiliates: platform admins change only the network listing' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.network_status NOT IN ('unlisted', 'pending') OR NEW.network_reviewed_at IS NOT NULL OR NEW.network_review_note IS NOT NULL THEN
      RAISE EXCEPTION 'affiliates: only Rekomi staff list creators in the network' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.network_status IS DISTINCT FROM OLD.network_status
     AND (OLD.network_status = 'suspended' OR NEW.network_status NOT IN ('unlisted', 'pending')) THEN
    RAISE EXCEPTION 'affiliates: only Rekomi staff approve, reject or suspend network listings' USING ERRCODE = '42501';
  END IF;
  IF NEW.network_reviewed_at IS DISTINCT FROM OLD.network_reviewed_at OR NEW.network_review_note IS DISTINCT FROM OLD.network_review_note THEN
    RAISE EXCEPTION 'affiliates: network reviews are written by Rekomi staff' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER affiliates_guard_network BEFORE INSERT OR UPDATE ON affiliates
  FOR EACH ROW EXECUTE FUNCTION affiliates_guard_network();
--> statement-breakpoint
-- Join code → the public face of the campaign behind it (what the join page shows anyone
-- holding the link). `state` is open, closed (the brand switched the link off) or
-- unavailable (campaign not active, brand suspended).
CREATE OR REPLACE FUNCTION find_join_link(p_code text)
  RETURNS TABLE (
    join_link_id text, brand_id text, brand_name text, campaign_id text, campaign_name text,
    description text, terms text, landing_page_url text, commission_type text, commission_rate_bps integer,
    commission_amount bigint, currency text, commission_duration text, commission_duration_months integer,
    cookie_window_days integer, auto_approve boolean, state text
  )
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT j.id, b.id, b.name, c.id, c.name, c.description, c.terms, c.landing_page_url, c.commission_type,
           c.commission_rate_bps, c.commission_amount, c.currency, c.commission_duration, c.commission_duration_months,
           c.cookie_window_days, j.auto_approve,
           CASE WHEN NOT j.enabled THEN 'closed'
                WHEN c.status <> 'active' OR b.status <> 'active' THEN 'unavailable'
                ELSE 'open' END
      FROM campaign_join_links j
      JOIN campaigns c ON c.id = j.campaign_id AND c.brand_id = j.brand_id
      JOIN brands b ON b.id = j.brand_id
     WHERE j.code = p_code
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION find_join_link(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION find_join_link(text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION find_join_link(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Creator invitation token (SHA-256) → the campaign it invites to and whom it is for.
CREATE OR REPLACE FUNCTION find_creator_invitation(p_token_hash text)
  RETURNS TABLE (
    invitation_id text, brand_id text, brand_name text, campaign_id text, campaign_name text,
    description text, terms text, landing_page_url text, commission_type text, commission_rate_bps integer,
    commission_amount bigint, currency text, commission_duration text, commission_duration_months integer,
    cookie_window_days integer, email text, affiliate_id text, state text
  )
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT i.id, b.id, b.name, c.id, c.name, c.description, c.terms, c.landing_page_url, c.commission_type,
           c.commission_rate_bps, c.commission_amount, c.currency, c.commission_duration, c.commission_duration_months,
           c.cookie_window_days, i.email, i.affiliate_id,
           CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'
                WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                WHEN i.expires_at <= now() THEN 'expired'
                WHEN c.status <> 'active' OR b.status <> 'active' THEN 'unavailable'
                ELSE 'pending' END
      FROM creator_invitations i
      JOIN campaigns c ON c.id = i.campaign_id AND c.brand_id = i.brand_id
      JOIN brands b ON b.id = i.brand_id
     WHERE i.token_hash = p_token_hash
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION find_creator_invitation(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION find_creator_invitation(text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION find_creator_invitation(text) OWNER TO rekomi_lookup;
