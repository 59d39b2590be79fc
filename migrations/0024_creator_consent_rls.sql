-- Creator consent (issue 7): a brand alone never makes a creator part of its program, and
-- each paying brand reviews tax forms for itself. Forced RLS on the new table, the data
-- moved to the new rules, and the trigger that keeps consent the creator's to give.
-- A review is a record: written once per (brand, form), never changed or removed by the app.
REVOKE UPDATE, DELETE, TRUNCATE ON tax_form_reviews FROM rekomi_app;
--> statement-breakpoint
-- The migration role reads and moves every row below; FORCE comes back right after.
ALTER TABLE enrollments NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tax_forms NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The creator acted in every channel but the brand's own enrollment call (source 'api'):
-- they applied (network), joined through a link (join_page) or accepted an invitation.
UPDATE enrollments SET consented_at = created_at WHERE source IN ('invite', 'join_page', 'network');
--> statement-breakpoint
-- Enrollments a brand made on its own become what they always should have been: offers
-- the creator may accept or decline. Final states stay as they are (without consent).
UPDATE enrollments SET status = 'invited', decided_at = NULL, updated_at = now()
 WHERE source = 'api' AND status IN ('pending', 'approved', 'paused');
--> statement-breakpoint
-- Brand decisions about a form were everyone's; they become that brand's own review, and
-- the form awaits Rekomi staff (or each brand's own review) again.
INSERT INTO tax_form_reviews (tax_form_id, brand_id, affiliate_id, decision, rejection_reason, reviewed_by_user_id, reviewed_at)
  SELECT id, reviewed_by_brand_id, affiliate_id, status, rejection_reason, reviewed_by_user_id, reviewed_at
    FROM tax_forms WHERE reviewed_by_brand_id IS NOT NULL AND status IN ('accepted', 'rejected');
--> statement-breakpoint
-- A brand-rejected form becomes current again when it is the creator's newest and none is
-- current; older ones count as superseded.
UPDATE tax_forms f SET status = 'submitted', reviewed_at = NULL, reviewed_by_user_id = NULL, reviewed_by_brand_id = NULL, rejection_reason = NULL, updated_at = now()
 WHERE f.reviewed_by_brand_id IS NOT NULL
   AND (f.status = 'accepted'
        OR (f.status = 'rejected'
            AND f.id = (SELECT max(g.id) FROM tax_forms g WHERE g.affiliate_id = f.affiliate_id)
            AND NOT EXISTS (SELECT 1 FROM tax_forms g WHERE g.affiliate_id = f.affiliate_id AND g.status IN ('submitted', 'accepted'))));
--> statement-breakpoint
UPDATE tax_forms SET status = 'superseded', superseded_at = now(), reviewed_at = NULL, reviewed_by_user_id = NULL, reviewed_by_brand_id = NULL, rejection_reason = NULL, updated_at = now()
 WHERE reviewed_by_brand_id IS NOT NULL AND status = 'rejected';
--> statement-breakpoint
ALTER TABLE enrollments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tax_forms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Forced only now: the owner copying brand decisions in above is subject to FORCE too.
ALTER TABLE tax_form_reviews FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Is the creator of this profile the one acting? Its own principal, or the signed-in user
-- who owns the profile (joining through a link or an invitation runs as the brand on the
-- creator's behalf, with the creator's user id). Definer: a brand may not see the profile.
CREATE OR REPLACE FUNCTION creator_is_acting(p_affiliate_id text)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT p_affiliate_id = app_affiliate_id()
        OR EXISTS (SELECT 1 FROM affiliates a WHERE a.id = p_affiliate_id AND a.user_id IS NOT NULL AND a.user_id = app_user_id())
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION creator_is_acting(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION creator_is_acting(text) TO rekomi_app;
--> statement-breakpoint
ALTER FUNCTION creator_is_acting(text) OWNER TO rekomi_lookup;
--> statement-breakpoint
-- Consent is the creator's to give. When the creator acts, their yes is recorded
-- (consented_at); anyone else (a brand, its API key) may only make an offer (invited),
-- withdraw it, and move enrollments the creator agreed to. RLS decides which rows; this
-- decides which values. Like the other guards it applies to every role acting as the app
-- (acting_as_app(), migration 0021), not to the owner running migrations.
CREATE OR REPLACE FUNCTION enrollments_guard_consent() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
DECLARE
  acting boolean;
  decision_columns text[] := ARRAY['status', 'decided_at', 'consented_at', 'updated_at'];
BEGIN
  IF NOT acting_as_app() THEN
    RETURN NEW;
  END IF;
  -- Never NULL (no principal of that kind set): NOT (… AND NULL) would let a move through.
  acting := coalesce(creator_is_acting(NEW.affiliate_id), false);
  IF TG_OP = 'INSERT' THEN
    IF acting AND NEW.status IN ('pending', 'approved') THEN
      NEW.consented_at := now();
      RETURN NEW;
    END IF;
    IF NEW.status <> 'invited' OR NEW.consented_at IS NOT NULL THEN
      RAISE EXCEPTION 'enrollments: a brand can only offer a place (invited); the creator accepts' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF (to_jsonb(NEW) - decision_columns) IS DISTINCT FROM (to_jsonb(OLD) - decision_columns) THEN
    RAISE EXCEPTION 'enrollments: only the status of an enrollment changes' USING ERRCODE = '42501';
  END IF;
  IF acting AND OLD.status = 'invited' AND NEW.status = 'approved' THEN
    NEW.consented_at := now();
    RETURN NEW;
  END IF;
  IF NEW.consented_at IS DISTINCT FROM OLD.consented_at THEN
    RAISE EXCEPTION 'enrollments: consent is recorded only when the creator acts' USING ERRCODE = '42501';
  END IF;
  IF NEW.status IN ('approved', 'paused', 'ended') AND NEW.consented_at IS NULL THEN
    RAISE EXCEPTION 'enrollments: the creator has not accepted this enrollment' USING ERRCODE = '42501';
  END IF;
  -- The moves themselves (src/enrollments/transitions.ts): the brand approves or rejects an
  -- application once, withdraws an open offer, pauses, resumes and ends; only the creator
  -- answers an offer; rejected, declined, withdrawn and ended are final.
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected'))
    OR (OLD.status = 'invited' AND NEW.status = 'withdrawn')
    OR (OLD.status = 'invited' AND NEW.status = 'declined' AND acting)
    OR (OLD.status = 'approved' AND NEW.status IN ('paused', 'ended'))
    OR (OLD.status = 'paused' AND NEW.status IN ('approved', 'ended'))) THEN
    RAISE EXCEPTION 'enrollments: % cannot move to %', OLD.status, NEW.status USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER enrollments_guard_consent BEFORE INSERT OR UPDATE ON enrollments
  FOR EACH ROW EXECUTE FUNCTION enrollments_guard_consent();
