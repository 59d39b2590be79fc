import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { consumeEvents } from "../../../src/attribution/consumer";
import { FLUSH_INTERVAL_MS } from "../../../src/gateways/receive/refusals";
import * as schema from "../../../src/infra/db/schema";
import type { RefusalBatchMessage } from "../../../src/infra/queues/messages";
import { createBrand, usingDb } from "../support/fixtures";
import { braintreeDelivery, createConnection, paddleDelivery, paddleSubscriptionCanceled, stripeDelivery, stripeInvoicePaid } from "../support/gateway-webhooks";
import { Pipeline, brandRows, expectError, recordingQueue } from "../support/tracking";

const now = () => Math.floor(Date.now() / 1000);

/** What the edge queued on the events queue besides events: the refusal notices. */
const notices = (pipe: Pipeline) => (pipe.events.sent as unknown[]).filter((m): m is RefusalBatchMessage => Array.isArray((m as RefusalBatchMessage).refusals));

/** The counts each notice carried about one connection (a notice also carries what earlier tests in this isolate left pending). */
const countsFor = (pipe: Pipeline, connectionId: string) => notices(pipe).map((n) => n.refusals.filter((r) => r.connection === connectionId));

function withHeader(init: RequestInit, name: string, value: string | null): RequestInit {
  const headers = new Headers(init.headers);
  if (value === null) headers.delete(name);
  else headers.set(name, value);
  return { ...init, headers };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("gateway webhook signatures", () => {
  it("refuses a Stripe delivery with a tampered body, another secret, a stale or future timestamp, or no signature (401, stripe-signature)", async () => {
    const brand = await createBrand();
    const connection = await createConnection(brand, "stripe");
    const pipe = new Pipeline();
    const url = `/webhooks/stripe/${connection.connectionId}`;
    const good = await stripeDelivery(stripeInvoicePaid(), connection.secret);
    const tampered = { ...good, body: (good.body as string).replace('"amount_paid":4900', '"amount_paid":490000') };
    expect(tampered.body).not.toBe(good.body);
    const cases: [RequestInit, string][] = [
      [tampered, "no v1 signature matches"],
      [await stripeDelivery(stripeInvoicePaid(), "whsec_someone_else"), "no v1 signature matches"],
      [await stripeDelivery(stripeInvoicePaid(), connection.secret, now() - 400), "old"],
      [await stripeDelivery(stripeInvoicePaid(), connection.secret, now() + 400), "future"],
      [withHeader(good, "stripe-signature", null), "missing"],
      [withHeader(good, "stripe-signature", "t=abc,v1=00"), "timestamp"],
    ];
    for (const [init, words] of cases) {
      const error = await expectError(await pipe.edgeFetch(url, init), 401, "unauthorized", "stripe-signature");
      expect(error.message).toContain(words);
    }
    // The window's edges are accepted.
    expect((await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), connection.secret, now() - 290))).status).toBe(200);
  });

  it("refuses a tampered or stale Paddle delivery and a Braintree delivery signed with another key pair", async () => {
    const brand = await createBrand();
    const paddle = await createConnection(brand, "paddle");
    const pipe = new Pipeline();
    const good = await paddleDelivery(paddleSubscriptionCanceled(), paddle.secret);
    const paddleUrl = `/webhooks/paddle/${paddle.connectionId}`;
    await expectError(await pipe.edgeFetch(paddleUrl, { ...good, body: (good.body as string).replace("sub_01pdl", "sub_01evil") }), 401, "unauthorized", "paddle-signature");
    await expectError(await pipe.edgeFetch(paddleUrl, await paddleDelivery(paddleSubscriptionCanceled(), paddle.secret, now() - 400)), 401, "unauthorized", "paddle-signature");

    const ours = await createConnection(brand, "braintree", { livemode: true });
    const theirs = await createConnection(await createBrand(), "braintree");
    const forged = await braintreeDelivery(theirs, "subscription_canceled", "sub_bt_forged");
    await expectError(await pipe.edgeFetch(`/webhooks/braintree/${ours.connectionId}`, forged), 401, "unauthorized", "bt_signature");
    const genuine = await braintreeDelivery(ours, "subscription_canceled", "sub_bt_2");
    const altered = genuine.body.replace(/bt_payload=([A-Za-z0-9])/, (_, c: string) => `bt_payload=${c === "A" ? "B" : "A"}`);
    await expectError(await pipe.edgeFetch(`/webhooks/braintree/${ours.connectionId}`, { ...genuine, body: altered }), 401, "unauthorized", "bt_signature");
    expect(pipe.events.sent.flatMap((m) => m.events ?? [])).toEqual([]);
  });

  it("refuses another connection's correctly signed event at this connection's URL", async () => {
    const brand = await createBrand();
    const mine = await createConnection(brand, "stripe");
    const other = await createConnection(await createBrand(), "stripe");
    const pipe = new Pipeline();
    await expectError(await pipe.edgeFetch(`/webhooks/stripe/${mine.connectionId}`, await stripeDelivery(stripeInvoicePaid(), other.secret)), 401, "unauthorized", "stripe-signature");
  });

  it("counts a flood of refused signatures per connection and reason: one notice per isolate and interval, never the body, added up by the consumer", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    // Well after any notice an earlier test in this isolate sent, early in an hour.
    const start = (Math.floor(Date.now() / 3_600_000) + 2) * 3_600_000 + 60_000;
    vi.setSystemTime(start);
    const brand = await createBrand();
    const connection = await createConnection(brand, "stripe");
    const pipe = new Pipeline();
    const url = `/webhooks/stripe/${connection.connectionId}`;
    const forged = await stripeDelivery(stripeInvoicePaid(), "whsec_attacker");

    // The first refusal after a quiet interval is reported at once.
    await expectError(await pipe.edgeFetch(url, forged), 401, "unauthorized", "stripe-signature");
    expect(countsFor(pipe, connection.connectionId)).toEqual([[{ connection: connection.connectionId, brand: brand.brandId, reason: "mismatch", count: 1, at: start }]]);

    // A flood within the interval adds to the counts and sends nothing.
    vi.setSystemTime(start + 1000);
    for (let i = 0; i < 40; i++) expect((await pipe.edgeFetch(url, forged)).status).toBe(401);
    const stale = await stripeDelivery(stripeInvoicePaid(), connection.secret, Math.floor(Date.now() / 1000) - 600);
    for (let i = 0; i < 9; i++) expect((await pipe.edgeFetch(url, stale)).status).toBe(401);
    expect(notices(pipe)).toHaveLength(1);

    // The next webhook after the interval, accepted here, carries the counts out.
    vi.setSystemTime(start + FLUSH_INTERVAL_MS + 1000);
    expect((await pipe.edgeFetch(url, await stripeDelivery(stripeInvoicePaid(), connection.secret))).status).toBe(200);
    const sent = notices(pipe);
    expect(sent).toHaveLength(2);
    expect(countsFor(pipe, connection.connectionId)[1]).toEqual([
      { connection: connection.connectionId, brand: brand.brandId, reason: "mismatch", count: 40, at: start + 1000 },
      { connection: connection.connectionId, brand: brand.brandId, reason: "stale", count: 9, at: start + 1000 },
    ]);
    expect(JSON.stringify(sent)).not.toContain("amount_paid");

    // The events consumer adds them up under the brand's principal, one row per hour and reason.
    const batch = createMessageBatch("rekomi-events", sent.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body })));
    await usingDb((db) => consumeEvents(batch as MessageBatch<unknown>, { CLICK_SIGNING_SECRET: env.CLICK_SIGNING_SECRET, WEBHOOKS: recordingQueue(), SECRETS_ENCRYPTION_KEY: env.SECRETS_ENCRYPTION_KEY, STRIPE_API_URL: env.STRIPE_API_URL }, db));
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toHaveLength(2);
    const rows = await brandRows(brand.brandId, (tx) =>
      tx.select().from(schema.gatewaySignatureRefusals).where(eq(schema.gatewaySignatureRefusals.connectionId, connection.connectionId)),
    );
    const hour = new Date(Math.floor(start / 3_600_000) * 3_600_000);
    expect(rows.map((r) => ({ reason: r.reason, count: r.count, hour: r.hour, lastAt: r.lastAt, brandId: r.brandId })).sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { reason: "mismatch", count: 41, hour, lastAt: new Date(start + 1000), brandId: brand.brandId },
      { reason: "stale", count: 9, hour, lastAt: new Date(start + 1000), brandId: brand.brandId },
    ]);
    // Another brand sees none of them.
    const stranger = await createBrand();
    expect(await brandRows(stranger.brandId, (tx) => tx.select().from(schema.gatewaySignatureRefusals).where(eq(schema.gatewaySignatureRefusals.connectionId, connection.connectionId)))).toEqual([]);
  });

  it("does not count requests to unknown connections (nothing to charge them to)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((Math.floor(Date.now() / 3_600_000) + 5) * 3_600_000);
    const pipe = new Pipeline();
    const brand = await createBrand();
    const connection = await createConnection(brand, "stripe");
    await expectError(await pipe.edgeFetch(`/webhooks/stripe/gwc_00000000000000000000000000`, await stripeDelivery(stripeInvoicePaid(), connection.secret)), 404, "not_found");
    expect(pipe.events.sent).toEqual([]);
  });
});
