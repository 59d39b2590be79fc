import { afterEach, describe, expect, it, vi } from "vitest";
import { CONNECTION_TTL_MS } from "../../../src/gateways/receive/connections";
import { MAX_WEBHOOK_BYTES } from "../../../src/gateways/receive/handler";
import { newId } from "../../../src/infra/ids";
import { createBrand } from "../support/fixtures";
import { createConnection, disconnect, paddleDelivery, paddleSubscriptionCanceled, stripeDelivery, stripeInvoicePaid, suspendBrand } from "../support/gateway-webhooks";
import { Pipeline, expectError, unreachableDatabase } from "../support/tracking";

afterEach(() => {
  vi.useRealTimers();
});

async function stripeSetup(opts: { livemode?: boolean } = {}) {
  const brand = await createBrand();
  const connection = await createConnection(brand, "stripe", opts);
  return { brand, connection, pipe: new Pipeline(), url: `/webhooks/stripe/${connection.connectionId}` };
}

describe("gateway webhooks that cannot be accepted", () => {
  it("answers 404 for an unknown or malformed connection id and an unknown gateway", async () => {
    const { connection, pipe } = await stripeSetup();
    const delivery = await stripeDelivery(stripeInvoicePaid(), connection.secret);
    const unknown = await expectError(await pipe.edgeFetch(`/webhooks/stripe/${newId("gatewayConnection")}`, delivery), 404, "not_found");
    expect(unknown.message).toContain("No gateway connection");
    await expectError(await pipe.edgeFetch("/webhooks/stripe/not-a-connection", delivery), 404, "not_found");
    await expectError(await pipe.edgeFetch("/webhooks/stripe", delivery), 404, "not_found");
    const gateway = await expectError(await pipe.edgeFetch(`/webhooks/adyen/${connection.connectionId}`, delivery), 404, "not_found");
    expect(gateway.message).toContain("stripe|paddle|braintree");
    expect(pipe.events.sent).toEqual([]);
  });

  it("answers 404 naming the right URL when a connection's webhook arrives under another gateway's path", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "paddle");
    const pipe = new Pipeline();
    const error = await expectError(await pipe.edgeFetch(`/webhooks/stripe/${connection.connectionId}`, await paddleDelivery(paddleSubscriptionCanceled(), connection.secret)), 404, "not_found");
    expect(error.message).toContain(`/webhooks/paddle/${connection.connectionId}`);
    expect(pipe.events.sent).toEqual([]);
  });

  it("answers 410 for a disconnected connection, and enforces a disconnection within the cache bound", async () => {
    const brand = await createBrand();
    const gone = await createConnection(brand, "stripe", { status: "disconnected" });
    const pipe = new Pipeline();
    const error = await expectError(await pipe.edgeFetch(`/webhooks/stripe/${gone.connectionId}`, await stripeDelivery(stripeInvoicePaid(), gone.secret)), 410, "connection_disconnected");
    expect(error.message).toContain("disconnected");

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    const live = await createConnection(brand, "stripe");
    const url = `/webhooks/stripe/${live.connectionId}`;
    expect((await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), live.secret))).status).toBe(200);
    await disconnect(live);
    vi.setSystemTime(Date.now() + CONNECTION_TTL_MS);
    await expectError(await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), live.secret)), 410, "connection_disconnected");
  });

  it("answers 403 for a suspended brand's connection", async () => {
    const { brand, connection, pipe, url } = await stripeSetup();
    await suspendBrand(brand.brandId);
    await expectError(await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), connection.secret)), 403, "forbidden");
    expect(pipe.events.sent).toEqual([]);
  });

  it("refuses a live-mode event at a test-mode connection and a test-mode event at a live one (400, livemode)", async () => {
    const test = await stripeSetup({ livemode: false });
    const error = await expectError(await test.pipe.edgeFetch(test.url, await stripeDelivery(stripeInvoicePaid({ livemode: true }), test.connection.secret)), 400, "invalid_request", "livemode");
    expect(error.message).toContain("live-mode event reached the test-mode connection");
    const live = await stripeSetup({ livemode: true });
    await expectError(await live.pipe.edgeFetch(live.url, await stripeDelivery(stripeInvoicePaid({ livemode: false }), live.connection.secret)), 400, "invalid_request", "livemode");
    expect([...test.pipe.events.sent, ...live.pipe.events.sent]).toEqual([]);
  });

  it("answers 400 naming the field of a genuine payload that cannot be normalized", async () => {
    const { connection, pipe, url } = await stripeSetup();
    const noCreated = { id: "evt_no_created", object: "event", livemode: false, type: "invoice.paid", data: { object: {} } };
    await expectError(await pipe.edgeFetch(url, await stripeDelivery(noCreated, connection.secret)), 400, "invalid_request", "created");
    await expectError(await pipe.edgeFetch(url, await stripeDelivery("not json", connection.secret)), 400, "invalid_request", "body");
    expect(pipe.events.sent).toEqual([]);
  });

  it("answers 413 for a body over the size limit", async () => {
    const { connection, pipe, url } = await stripeSetup();
    const event = { ...stripeInvoicePaid(), padding: "x".repeat(MAX_WEBHOOK_BYTES) };
    await expectError(await pipe.edgeFetch(url, await stripeDelivery(event, connection.secret)), 413, "payload_too_large");
    expect(pipe.events.sent).toEqual([]);
  });

  it("answers 503 (the gateway retries) when the event cannot be queued, or the connection is not cached and Postgres is unreachable", async () => {
    const { connection, pipe, url } = await stripeSetup();
    pipe.events.failNext = 3;
    const error = await expectError(await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), connection.secret)), 503, "service_unavailable");
    expect(error.message).toContain("retry");
    expect(pipe.events.sent).toEqual([]);

    const cold = await stripeSetup();
    await expectError(await cold.pipe.edgeFetch(cold.url, await stripeDelivery(stripeInvoicePaid(), cold.connection.secret), { DATABASE_URL: unreachableDatabase() }), 503, "service_unavailable");
    expect(cold.pipe.events.sent).toEqual([]);
  });
});
