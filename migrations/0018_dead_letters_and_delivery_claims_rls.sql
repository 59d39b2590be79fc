-- Dead letters and S2S delivery claims: forced RLS like every other table (see 0002).
ALTER TABLE dead_letters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_delivery_claims FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A dead letter is evidence that something was accepted and not stored: never deleted by
-- the app. Only the failure bookkeeping and the replay counters change.
REVOKE DELETE, UPDATE ON dead_letters FROM rekomi_app;
--> statement-breakpoint
GRANT UPDATE (error, attempts, last_seen_at, replay_count, last_replayed_at) ON dead_letters TO rekomi_app;
--> statement-breakpoint
-- Claims are written only by claim_event_delivery (below); the brand may read its own.
REVOKE INSERT, UPDATE, DELETE ON event_delivery_claims FROM rekomi_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON event_delivery_claims TO rekomi_lookup;
--> statement-breakpoint
-- The edge's one synchronous question per accepted S2S event, asked before queueing:
-- has this (brand, source, webhook-id) been seen, and with the same body? `new` claims it,
-- `same` is a sender's retry (the edge queues it again: the consumer dedupes, and the
-- first send may have failed after the claim), `conflict` is the id reused for another
-- body (409). For a refund whose sale is already recorded it also refuses, without
-- claiming (so a corrected retry may reuse the id), a refund in another currency than
-- the sale (`refund_currency`) or larger than what is left to refund (`refund_excess`).
CREATE OR REPLACE FUNCTION claim_event_delivery(
  p_brand_id text, p_source text, p_delivery_id text, p_body_sha256 text,
  p_refund_invoice_id text, p_refund_currency text, p_refund_amount bigint
)
  RETURNS TABLE (outcome text, sale_currency text, refundable bigint)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    v_prior text;
    v_sale_id text;
    v_currency text;
    v_left bigint;
  BEGIN
    SELECT c.body_sha256 INTO v_prior FROM event_delivery_claims c
     WHERE c.brand_id = p_brand_id AND c.source = p_source AND c.delivery_id = p_delivery_id;
    IF FOUND THEN
      RETURN QUERY SELECT CASE WHEN v_prior = p_body_sha256 THEN 'same' ELSE 'conflict' END, NULL::text, NULL::bigint;
      RETURN;
    END IF;
    IF p_refund_invoice_id IS NOT NULL THEN
      SELECT s.id, s.currency, s.amount INTO v_sale_id, v_currency, v_left FROM conversions s
       WHERE s.brand_id = p_brand_id AND s.type = 'sale' AND s.invoice_id = p_refund_invoice_id;
      IF FOUND THEN
        IF v_currency <> p_refund_currency THEN
          RETURN QUERY SELECT 'refund_currency'::text, v_currency, NULL::bigint;
          RETURN;
        END IF;
        v_left := v_left - coalesce((SELECT sum(r.amount) FROM conversions r
                                      WHERE r.brand_id = p_brand_id AND r.type = 'refund' AND r.sale_id = v_sale_id
                                        AND r.currency = v_currency), 0);
        IF p_refund_amount > v_left THEN
          RETURN QUERY SELECT 'refund_excess'::text, v_currency, greatest(v_left, 0);
          RETURN;
        END IF;
      END IF;
    END IF;
    INSERT INTO event_delivery_claims (brand_id, source, delivery_id, body_sha256)
    VALUES (p_brand_id, p_source, p_delivery_id, p_body_sha256)
    ON CONFLICT DO NOTHING;
    IF FOUND THEN
      RETURN QUERY SELECT 'new'::text, NULL::text, NULL::bigint;
      RETURN;
    END IF;
    -- A concurrent request claimed it first: answer as a retry would be answered.
    SELECT c.body_sha256 INTO v_prior FROM event_delivery_claims c
     WHERE c.brand_id = p_brand_id AND c.source = p_source AND c.delivery_id = p_delivery_id;
    RETURN QUERY SELECT CASE WHEN v_prior = p_body_sha256 THEN 'same' ELSE 'conflict' END, NULL::text, NULL::bigint;
  END
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION claim_event_delivery(text, text, text, text, text, text, bigint) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION claim_event_delivery(text, text, text, text, text, text, bigint) TO rekomi_app;
--> statement-breakpoint
-- Last: grants must be made while the migration role still owns the function.
ALTER FUNCTION claim_event_delivery(text, text, text, text, text, text, bigint) OWNER TO rekomi_lookup;
