-- The guard triggers (users_guard_privileged_columns, brands_guard_status,
-- affiliates_guard_network) used to compare current_user with the name 'rekomi_app', so a
-- login role merely granted rekomi_app (how a hosted database usually hands out the app's
-- credentials) skipped every guard. They now ask acting_as_app(): does the current role
-- or the session's login role carry rekomi_app's privileges (USAGE = inherited, or the
-- role itself)? Superusers are left out on purpose: they bypass RLS anyway, and operators
-- must still be able to run set_platform_admin(). The owner role is not a member (its
-- CREATEROLE grant on rekomi_app does not inherit), and neither is rekomi_lookup.
CREATE OR REPLACE FUNCTION acting_as_app() RETURNS boolean
  LANGUAGE sql STABLE SET search_path = public, pg_temp
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM pg_roles r
       WHERE r.rolname IN (current_user, session_user) AND NOT r.rolsuper
         AND pg_has_role(r.oid, 'rekomi_app', 'USAGE'))
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION users_guard_privileged_columns() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NOT acting_as_app() THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.is_platform_admin OR NEW.suspended_at IS NOT NULL THEN
      RAISE EXCEPTION 'users: new accounts cannot be platform admins or suspended' USING ERRCODE = '42501';
    END IF;
  ELSE
    IF NEW.is_platform_admin IS DISTINCT FROM OLD.is_platform_admin THEN
      RAISE EXCEPTION 'users: is_platform_admin is set by operators only' USING ERRCODE = '42501';
    END IF;
    IF NEW.suspended_at IS DISTINCT FROM OLD.suspended_at AND NOT app_platform_admin() THEN
      RAISE EXCEPTION 'users: only platform admins suspend accounts' USING ERRCODE = '42501';
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION brands_guard_status() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
BEGIN
  IF acting_as_app() AND NOT app_platform_admin()
     AND ((TG_OP = 'INSERT' AND NEW.status <> 'active') OR (TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status)) THEN
    RAISE EXCEPTION 'brands: only platform admins suspend brands' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION affiliates_guard_network() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
DECLARE
  review_columns text[] := ARRAY['network_status', 'network_reviewed_at', 'network_review_note', 'updated_at'];
BEGIN
  IF NOT acting_as_app() THEN
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
