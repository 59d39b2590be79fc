import { afterEach, describe, expect, it, vi } from "vitest";
import type { AcceptedEvent } from "../../../src/infra/queues/messages";
import { trackingEventId } from "../../../src/ingest/event-id";
import { createBrand } from "../support/fixtures";
import {
  braintreeChallengeAnswer,
  braintreeDelivery,
  createConnection,
  paddleDelivery,
  paddleSubscriptionCanceled,
  rotateSigningSecret,
  stripeDelivery,
  stripeInvoicePaid,
} from "../support/gateway-webhooks";
import { Pipeline, expectError } from "../support/tracking";

const queued = (pipe: Pipeline): AcceptedEvent[] => pipe.events.sent.flatMap((m) => m.events ?? []);

afterEach(() => {
  vi.useRealTimers();
});

describe("POST /webhooks/{gateway}/{connection_id}", () => {
  it("accepts a Stripe invoice.paid signed by stripe-node and answers 200 once the normalized event is queued with the connection's brand and mode", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "stripe");
    const pipe = new Pipeline();
    const event = stripeInvoicePaid({ id: "evt_invoice_paid_1" });
    const res = await pipe.edgeFetch(`/webhooks/stripe/${connection.connectionId}`, await stripeDelivery(event, connection.secret));
    expect(res.status).toBe(200);
    const body = await res.json<{ id: string; status: string; type: string }>();
    const id = await trackingEventId(brand.brandId, "stripe", "evt_invoice_paid_1");
    expect(body).toEqual({ id, status: "accepted", type: "sale" });
    const invoice = event.data.object;
    expect(queued(pipe)).toEqual([
      {
        id,
        brand: brand.brandId,
        source: "stripe",
        connection: connection.connectionId,
        livemode: false,
        delivery: "evt_invoice_paid_1",
        type: "sale",
        data: expect.objectContaining({
          gateway: "stripe",
          type: "sale",
          external_event_id: "evt_invoice_paid_1",
          livemode: false,
          customer_external_id: invoice.customer,
          invoice_id: invoice.id,
          amount: 4900,
          currency: "USD",
          kind: "first_purchase",
        }),
        receivedAt: expect.any(Number),
      },
    ]);
  });

  it("answers a redelivery ×100 with the same id each time, and queues that same id (the consumer's unique key makes it one event)", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "stripe");
    const pipe = new Pipeline();
    const delivery = await stripeDelivery(stripeInvoicePaid({ id: "evt_replayed" }), connection.secret);
    const ids = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const res = await pipe.edgeFetch(`/webhooks/stripe/${connection.connectionId}`, delivery);
      expect(res.status).toBe(200);
      ids.add((await res.json<{ id: string }>()).id);
    }
    const expected = await trackingEventId(brand.brandId, "stripe", "evt_replayed");
    expect([...ids]).toEqual([expected]);
    const events = queued(pipe);
    expect(events).toHaveLength(100);
    expect(new Set(events.map((e) => `${e.id} ${e.brand} ${e.source} ${e.delivery}`))).toEqual(new Set([`${expected} ${brand.brandId} stripe evt_replayed`]));
  });

  it("queues events it does not use for attribution too, as ignored with the reason (the connection's health page shows them)", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "stripe");
    const pipe = new Pipeline();
    const event = { id: "evt_ignored_1", object: "event", created: Math.floor(Date.now() / 1000), livemode: false, type: "customer.updated", data: { object: { id: "cus_1", object: "customer" } } };
    const res = await pipe.edgeFetch(`/webhooks/stripe/${connection.connectionId}`, await stripeDelivery(event, connection.secret));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "accepted", type: "ignored" });
    expect(queued(pipe)).toMatchObject([{ source: "stripe", delivery: "evt_ignored_1", type: "ignored", data: { type: "ignored", reason: expect.stringContaining("customer.updated") } }]);
  });

  it("keeps a Stripe Connect event's account in the queued event (the consumer decides whose it is)", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "stripe", { livemode: true });
    const pipe = new Pipeline();
    const res = await pipe.edgeFetch(`/webhooks/stripe/${connection.connectionId}`, await stripeDelivery(stripeInvoicePaid({ livemode: true, account: "acct_connected_1" }), connection.secret));
    expect(res.status).toBe(200);
    expect(queued(pipe)).toMatchObject([{ livemode: true, data: { livemode: true, account: "acct_connected_1" } }]);
  });

  it("accepts a Paddle notification signed per Paddle's scheme (checked by Paddle's SDK), in the connection's mode", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "paddle");
    const pipe = new Pipeline();
    const event = paddleSubscriptionCanceled();
    const res = await pipe.edgeFetch(`/webhooks/paddle/${connection.connectionId}`, await paddleDelivery(event, connection.secret));
    expect(res.status).toBe(200);
    const id = await trackingEventId(brand.brandId, "paddle", event.event_id);
    expect(await res.json()).toEqual({ id, status: "accepted", type: "cancellation" });
    // Paddle payloads do not say their mode: the sandbox connection's mode is the event's.
    expect(queued(pipe)).toMatchObject([
      { id, source: "paddle", connection: connection.connectionId, livemode: false, delivery: event.event_id, type: "cancellation", data: { subscription_id: "sub_01pdl", livemode: false } },
    ]);
  });

  it("accepts a Braintree notification made and signed by the braintree SDK", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "braintree");
    const pipe = new Pipeline();
    const delivery = await braintreeDelivery(connection, "subscription_canceled", "sub_bt_1");
    const res = await pipe.edgeFetch(`/webhooks/braintree/${connection.connectionId}`, delivery);
    expect(res.status).toBe(200);
    const [event] = queued(pipe);
    expect(event).toMatchObject({ source: "braintree", connection: connection.connectionId, livemode: false, type: "cancellation", data: { subscription_id: "sub_bt_1", livemode: false } });
    expect(await res.json()).toEqual({ id: await trackingEventId(brand.brandId, "braintree", event!.delivery), status: "accepted", type: "cancellation" });
    // Braintree's notifications carry no id: the derived one is stable across redeliveries.
    const again = await pipe.edgeFetch(`/webhooks/braintree/${connection.connectionId}`, delivery);
    expect((await again.json<{ id: string }>()).id).toBe(event!.id);
  });

  it("answers Braintree's URL check (GET ?bt_challenge=) as the braintree SDK's verify does, and only for Braintree", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "braintree");
    const pipe = new Pipeline();
    const challenge = "38aa61c1b1bc2b1ef9b5d0c4";
    const res = await pipe.edgeFetch(`/webhooks/braintree/${connection.connectionId}?bt_challenge=${challenge}`, { method: "GET" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(braintreeChallengeAnswer(connection, challenge));
    await expectError(await pipe.edgeFetch(`/webhooks/braintree/${connection.connectionId}?bt_challenge=not-hex`, { method: "GET" }), 400, "invalid_request", "bt_challenge");
    const stripe = await createConnection(brand, "stripe");
    await expectError(await pipe.edgeFetch(`/webhooks/stripe/${stripe.connectionId}?bt_challenge=${challenge}`, { method: "GET" }), 405, "method_not_allowed");
    expect(pipe.events.sent).toEqual([]);
  });

  it("keeps the previous signing secret valid until its rotation's expiry, and not after", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    const brand = await createBrand();
    const connection = await createConnection(brand, "stripe");
    const graceEnds = new Date(Date.now() + 3600_000);
    const newSecret = await rotateSigningSecret(connection, graceEnds);
    const pipe = new Pipeline();
    const url = `/webhooks/stripe/${connection.connectionId}`;
    expect((await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), newSecret))).status).toBe(200);
    expect((await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), connection.secret))).status).toBe(200);
    vi.setSystemTime(graceEnds.getTime() + 1000);
    await expectError(await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), connection.secret)), 401, "unauthorized", "stripe-signature");
    expect((await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), newSecret))).status).toBe(200);
  });
});
