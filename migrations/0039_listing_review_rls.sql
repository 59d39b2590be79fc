-- Curated listings: only Rekomi staff approve or reject a campaign's listing, and a brand
-- listing a campaign (or re-listing it) always asks for review. RLS decides which rows
-- (brand_rows, platform_admin_updates); this decides which values. Material changes are
-- detected by the application (src/campaigns/listing.ts), which sets the listing back to
-- pending: a brand may always do that, never the reverse.
CREATE OR REPLACE FUNCTION campaigns_guard_listing() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
DECLARE
  review_columns text[] := ARRAY['listing_status', 'listing_reviewed_at', 'listing_reviewed_by', 'listing_review_note', 'updated_at'];
BEGIN
  -- Every role acting with the app's privileges is guarded (acting_as_app(), migration 0021),
  -- not only a login literally named rekomi_app; the owner running migrations is not.
  IF NOT acting_as_app() THEN
    RETURN NEW;
  END IF;
  IF app_platform_admin() THEN
    IF TG_OP = 'INSERT' THEN
      RAISE EXCEPTION 'campaigns: platform admins do not create campaigns' USING ERRCODE = '42501';
    END IF;
    IF (to_jsonb(NEW) - review_columns) IS DISTINCT FROM (to_jsonb(OLD) - review_columns) THEN
      RAISE EXCEPTION 'campaigns: platform admins change only the listing review' USING ERRCODE = '42501';
    END IF;
    IF NEW.listing_status IS DISTINCT FROM OLD.listing_status THEN
      IF NEW.listing_status NOT IN ('approved', 'rejected') OR OLD.visibility <> 'listed' THEN
        RAISE EXCEPTION 'campaigns: staff approve or reject the listing of a listed campaign' USING ERRCODE = '42501';
      END IF;
    END IF;
    -- Who decided and when come from the principal, not from the request. A decision
    -- covers the changes staff saw: they are no longer pending anyone's review.
    NEW.listing_reviewed_at := now();
    NEW.listing_reviewed_by := app_user_id();
    IF NEW.listing_status IS DISTINCT FROM OLD.listing_status THEN
      NEW.listing_changes := '{}';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.listing_status := CASE WHEN NEW.visibility = 'listed' THEN 'pending' END;
    NEW.listing_submitted_at := CASE WHEN NEW.visibility = 'listed' THEN now() END;
    NEW.listing_reviewed_at := NULL;
    NEW.listing_reviewed_by := NULL;
    NEW.listing_review_note := NULL;
    NEW.listing_changes := '{}';
    RETURN NEW;
  END IF;
  IF NEW.visibility = 'listed' AND OLD.visibility IS DISTINCT FROM 'listed' THEN
    NEW.listing_status := 'pending';
    NEW.listing_changes := '{}';
  END IF;
  IF NEW.listing_status IS DISTINCT FROM OLD.listing_status THEN
    IF NEW.listing_status IS DISTINCT FROM 'pending' OR NEW.visibility <> 'listed' THEN
      RAISE EXCEPTION 'campaigns: only Rekomi staff approve or reject listings' USING ERRCODE = '42501';
    END IF;
    NEW.listing_submitted_at := now();
    NEW.listing_reviewed_at := NULL;
    NEW.listing_reviewed_by := NULL;
    NEW.listing_review_note := NULL;
  ELSIF NEW.listing_status = 'pending' AND NEW.listing_submitted_at IS DISTINCT FROM OLD.listing_submitted_at THEN
    -- A waiting listing whose material terms changed again is a new request (the app asks
    -- by touching listing_submitted_at): it goes to the back of the queue, stamped now,
    -- never at a time the brand picked.
    NEW.listing_submitted_at := now();
    NEW.listing_reviewed_at := OLD.listing_reviewed_at;
    NEW.listing_reviewed_by := OLD.listing_reviewed_by;
    NEW.listing_review_note := OLD.listing_review_note;
  ELSE
    NEW.listing_submitted_at := OLD.listing_submitted_at;
    NEW.listing_reviewed_at := OLD.listing_reviewed_at;
    NEW.listing_reviewed_by := OLD.listing_reviewed_by;
    NEW.listing_review_note := OLD.listing_review_note;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER campaigns_guard_listing BEFORE INSERT OR UPDATE ON campaigns
  FOR EACH ROW EXECUTE FUNCTION campaigns_guard_listing();
--> statement-breakpoint
-- Campaigns listed before reviews existed were already live in the network: they keep
-- their place (approved, no reviewer) rather than vanishing from creators' matches.
-- campaigns has FORCE ROW LEVEL SECURITY and the migration role is its owner, not a
-- superuser: without lifting FORCE (as migration 0024 does) no policy admits the owner
-- and this update would touch no row. FORCE comes back right after.
ALTER TABLE campaigns NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
UPDATE campaigns SET listing_status = 'approved', listing_submitted_at = updated_at, listing_reviewed_at = now()
 WHERE visibility = 'listed';
--> statement-breakpoint
ALTER TABLE campaigns FORCE ROW LEVEL SECURITY;
