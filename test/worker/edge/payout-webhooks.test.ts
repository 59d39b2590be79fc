import { describe, expect, it } from "vitest";
import { MAX_WEBHOOK_BYTES } from "../../../src/gateways/receive/handler";
import type { PayoutMessage } from "../../../src/infra/queues/messages";
import { stripeDelivery } from "../support/gateway-webhooks";
import { Pipeline, expectError, recordingQueue } from "../support/tracking";

/**
 * `POST /webhooks/payouts/stripe` and `/webhooks/payouts/stripe-connect` on the real edge
 * worker, with deliveries signed by stripe-node and a recording PAYOUTS_QUEUE.
 */

const PLATFORM_SECRET = "whsec_rekomi_test_platform";
const CONNECT_SECRET = "whsec_rekomi_test_connect";

function chargeSucceeded(extra: Record<string, unknown> = {}) {
  return {
    id: `evt_${crypto.randomUUID().replaceAll("-", "")}`,
    object: "event",
    api_version: "2025-03-31.basil",
    created: 1_765_000_000,
    livemode: false,
    type: "payment_intent.succeeded",
    data: { object: { id: "pi_123", object: "payment_intent", status: "succeeded", transfer_group: "prun_abc" } },
    ...extra,
  };
}

const accountUpdated = (account: string | null) => ({
  ...chargeSucceeded(),
  type: "account.updated",
  account,
  data: { object: { id: account ?? "acct_x", object: "account" }, previous_attributes: { payouts_enabled: false } },
});

function setup() {
  const queue = recordingQueue<PayoutMessage>();
  const pipe = new Pipeline();
  const post = (path: string, init: RequestInit, bindings: Record<string, unknown> = {}) => pipe.edgeFetch(path, init, { PAYOUTS_QUEUE: queue, ...bindings } as never);
  return { queue, post };
}

describe("payouts' Stripe webhooks at the edge", () => {
  it("queues a signed platform event as is and answers 200 once it is queued", async () => {
    const { queue, post } = setup();
    const event = chargeSucceeded();
    const res = await post("/webhooks/payouts/stripe", await stripeDelivery(event, PLATFORM_SECRET));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ id: event.id, status: "accepted" });
    expect(queue.sent).toEqual([
      { v: 1, kind: "stripe_event", event: { id: event.id, type: event.type, account: null, livemode: false, created: event.created, object: event.data.object, receivedAt: expect.any(Number) } },
    ]);
  });

  it("queues a connected account's event on the Connect route, with its account and previous attributes", async () => {
    const { queue, post } = setup();
    const event = accountUpdated("acct_creator_1");
    const res = await post("/webhooks/payouts/stripe-connect", await stripeDelivery(event, CONNECT_SECRET));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(queue.sent).toMatchObject([{ kind: "stripe_event", event: { id: event.id, account: "acct_creator_1", type: "account.updated", previous: { payouts_enabled: false } } }]);
  });

  it("refuses a tampered body, a signature of the other endpoint's secret, and no signature: 401, nothing queued", async () => {
    const { queue, post } = setup();
    const delivery = await stripeDelivery(chargeSucceeded(), PLATFORM_SECRET);
    const tampered = { ...delivery, body: (delivery.body as string).replace("pi_123", "pi_999") };
    await expectError(await post("/webhooks/payouts/stripe", tampered), 401, "unauthorized", "Stripe-Signature");
    await expectError(await post("/webhooks/payouts/stripe", await stripeDelivery(chargeSucceeded(), CONNECT_SECRET)), 401, "unauthorized", "Stripe-Signature");
    await expectError(await post("/webhooks/payouts/stripe", { method: "POST", body: JSON.stringify(chargeSucceeded()) }), 401, "unauthorized", "Stripe-Signature");
    expect(queue.sent).toEqual([]);
  });

  it("sends each event to its route: a connected account's event on the platform route, or a platform event on the Connect route, is 400", async () => {
    const { queue, post } = setup();
    await expectError(await post("/webhooks/payouts/stripe", await stripeDelivery(accountUpdated("acct_1"), PLATFORM_SECRET)), 400, "invalid_request", "account");
    await expectError(await post("/webhooks/payouts/stripe-connect", await stripeDelivery(chargeSucceeded(), CONNECT_SECRET)), 400, "invalid_request", "account");
    expect(queue.sent).toEqual([]);
  });

  it("answers 400 for a signed body that is not a Stripe event, 413 above the size limit", async () => {
    const { queue, post } = setup();
    await expectError(await post("/webhooks/payouts/stripe", await stripeDelivery("not json", PLATFORM_SECRET)), 400, "invalid_request", "body");
    await expectError(await post("/webhooks/payouts/stripe", await stripeDelivery({ ...chargeSucceeded(), data: {} }, PLATFORM_SECRET)), 400, "invalid_request", "data.object");
    const big = chargeSucceeded({ data: { object: { id: "pi_1", padding: "x".repeat(MAX_WEBHOOK_BYTES) } } });
    await expectError(await post("/webhooks/payouts/stripe", await stripeDelivery(big, PLATFORM_SECRET)), 413, "payload_too_large");
    expect(queue.sent).toEqual([]);
  });

  it("answers 503 when the route's secret is not configured or the queue does not take the event (Stripe retries)", async () => {
    const { queue, post } = setup();
    const delivery = await stripeDelivery(chargeSucceeded(), PLATFORM_SECRET);
    const unset = await expectError(await post("/webhooks/payouts/stripe", delivery, { STRIPE_WEBHOOK_SECRET: undefined }), 503, "service_unavailable");
    expect(unset.message).toContain("STRIPE_WEBHOOK_SECRET is not set");
    queue.failNext = 1;
    await expectError(await post("/webhooks/payouts/stripe", await stripeDelivery(chargeSucceeded(), PLATFORM_SECRET)), 503, "service_unavailable");
    expect(queue.sent).toEqual([]);
  });
});
