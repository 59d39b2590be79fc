import { describe, expect, it } from "vitest";
import { normalizeBraintreeEvent } from "../../../src/gateways/braintree/normalize";
import { verifyBraintreeSignature } from "../../../src/gateways/braintree/verify";
import { normalizePaddleEvent } from "../../../src/gateways/paddle/normalize";
import { verifyPaddleSignature } from "../../../src/gateways/paddle/verify";
import { normalizeStripeEvent } from "../../../src/gateways/stripe/normalize";
import { verifyStripeSignature } from "../../../src/gateways/stripe/verify";

/**
 * The gateway layer inside workerd, where only WebCrypto exists (HMAC-SHA1 with a raw
 * SHA-1 key for Braintree included). Known-answer vectors made once in Node by the
 * official SDKs: stripe-node's generateTestHeaderString, Paddle's documented
 * HMAC, braintree's webhookTesting.sampleNotification. The full matrices live in
 * test/node/unit/gateways.
 */
const NOW = 1_795_608_000_000;

const STRIPE_BODY =
  '{"id":"evt_kat","object":"event","created":1795608000,"type":"customer.subscription.deleted","data":{"object":{"id":"sub_kat","object":"subscription","customer":"cus_kat","status":"canceled","ended_at":1795607995}}}';
const STRIPE_HEADER = "t=1795608000,v1=b4c68e2e18f525532ece65e054996e6c0575f21fd1fdc487c5b862a6722ec283";

// A Connect live-mode refund in ISK, which Stripe writes two-decimal (150000 = 1500 krónur).
const STRIPE_REFUND_BODY =
  '{"id":"evt_kat_refund","object":"event","api_version":"2026-10-28.endive","account":"acct_kat","created":1795608000,"livemode":true,"type":"refund.created","data":{"object":{"id":"re_kat","object":"refund","amount":150000,"currency":"isk","charge":"ch_kat","payment_intent":"pi_kat","status":"succeeded"}}}';
const STRIPE_REFUND_HEADER = "t=1795608000,v1=94f908901598ad36968b79643e53341cf785c3a8ffe7390d040f5bbf700fc807";

const PADDLE_BODY =
  '{"event_id":"evt_01kat","event_type":"subscription.canceled","occurred_at":"2026-11-24T11:59:58Z","notification_id":"ntf_01kat","data":{"id":"sub_01kat","customer_id":"ctm_01kat","status":"canceled","canceled_at":"2026-11-24T11:59:50Z"}}';
const PADDLE_HEADER = "ts=1795608000;h1=ae6df1190e0725c5ec788ace24e573a45100c6b97ad596fc4f0a4a7510f3e2e2";

const BRAINTREE_KEYS = { publicKey: "kat_public", privateKey: "kat_private_0123456789abcdef" };
const BRAINTREE = {
  signature: "kat_public|2a11fea6c62abac451fe566746d1218d4ebf1eec",
  payload:
    "PG5vdGlmaWNhdGlvbj4KICAgIDx0aW1lc3RhbXAgdHlwZT0iZGF0ZXRpbWUiPjIwMjYtMTEtMjVUMDk6MDQ6NDdaPC90aW1lc3RhbXA+CiAgICA8a2luZD5kaXNwdXRlX29wZW5lZDwva2luZD4KICAgIAogICAgPHN1YmplY3Q+PGRpc3B1dGU+CiAgPGFtb3VudD4yNTAuMDA8L2Ftb3VudD4KICA8YW1vdW50LWRpc3B1dGVkPjI1MC4wPC9hbW91bnQtZGlzcHV0ZWQ+CiAgPGFtb3VudC13b24+MjQ1LjAwPC9hbW91bnQtd29uPgogIDxjdXJyZW5jeS1pc28tY29kZT5VU0Q8L2N1cnJlbmN5LWlzby1jb2RlPgogIDxyZWNlaXZlZC1kYXRlIHR5cGU9ImRhdGUiPjIwMTQtMDMtMDE8L3JlY2VpdmVkLWRhdGU+CiAgPHJlcGx5LWJ5LWRhdGUgdHlwZT0iZGF0ZSI+MjAxNC0wMy0yMTwvcmVwbHktYnktZGF0ZT4KICA8a2luZD5jaGFyZ2ViYWNrPC9raW5kPgogIDxzdGF0dXM+b3Blbjwvc3RhdHVzPgogIDxyZWFzb24+ZnJhdWQ8L3JlYXNvbj4KICA8aWQ+ZHNwX2thdDwvaWQ+CiAgPHRyYW5zYWN0aW9uPgogICAgPGlkPmRzcF9rYXQ8L2lkPgogICAgPGFtb3VudD4yNTAuMDA8L2Ftb3VudD4KICA8L3RyYW5zYWN0aW9uPgogIDxkYXRlLW9wZW5lZCB0eXBlPSJkYXRlIj4yMDE0LTAzLTI4PC9kYXRlLW9wZW5lZD4KPC9kaXNwdXRlPjwvc3ViamVjdD4KPC9ub3RpZmljYXRpb24+\n",
};

describe("gateway webhooks inside workerd", () => {
  it("verifies and normalizes a Stripe event signed by stripe-node", async () => {
    expect(await verifyStripeSignature(STRIPE_BODY, STRIPE_HEADER, "whsec_kat", { now: NOW })).toEqual({ ok: true });
    expect(await verifyStripeSignature(STRIPE_BODY, STRIPE_HEADER, "whsec_other", { now: NOW })).toMatchObject({ reason: "mismatch" });
    expect(normalizeStripeEvent(STRIPE_BODY)).toMatchObject({ ok: true, event: { type: "cancellation", subscription_id: "sub_kat", customer_external_id: "cus_kat", livemode: false } });
  });

  it("normalizes a Stripe refund object with its mode, account and version, in ISO minor units", async () => {
    expect(await verifyStripeSignature(STRIPE_REFUND_BODY, STRIPE_REFUND_HEADER, "whsec_kat", { now: NOW })).toEqual({ ok: true });
    expect(normalizeStripeEvent(STRIPE_REFUND_BODY)).toEqual({
      ok: true,
      event: {
        gateway: "stripe",
        external_event_id: "evt_kat_refund",
        occurred_at: "2026-11-25T12:00:00.000Z",
        livemode: true,
        account: "acct_kat",
        api_version: "2026-10-28.endive",
        type: "refund",
        invoice_id: null,
        payment_id: "pi_kat",
        refund_id: "re_kat",
        amount: 1500,
        currency: "ISK",
      },
    });
  });

  it("verifies and normalizes a Paddle event", async () => {
    expect(await verifyPaddleSignature(PADDLE_BODY, PADDLE_HEADER, "pdl_ntfset_kat", { now: NOW })).toEqual({ ok: true });
    expect(await verifyPaddleSignature(PADDLE_BODY, PADDLE_HEADER, "pdl_ntfset_kat", { now: NOW + 301_000 })).toMatchObject({ reason: "stale" });
    expect(normalizePaddleEvent(PADDLE_BODY)).toMatchObject({ ok: true, event: { type: "cancellation", subscription_id: "sub_01kat" } });
  });

  it("verifies (HMAC-SHA1 keyed by SHA-1) and parses a Braintree notification signed by the braintree SDK", async () => {
    expect(await verifyBraintreeSignature(BRAINTREE, BRAINTREE_KEYS)).toEqual({ ok: true });
    expect(await verifyBraintreeSignature(BRAINTREE, { ...BRAINTREE_KEYS, privateKey: "another" })).toMatchObject({ reason: "mismatch" });
    expect(normalizeBraintreeEvent(BRAINTREE.payload)).toMatchObject({
      ok: true,
      event: { type: "dispute", phase: "opened", dispute_id: "dsp_kat", payment_id: "dsp_kat", amount: 25000, currency: "USD", external_event_id: "dispute_opened:dsp_kat:2026-11-25T09:04:47.000Z" },
    });
  });
});
