import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { openConnectionSecret } from "../../../src/gateway-connections/secrets";
import { signedTestEvent, TEST_EVENT_TYPE } from "../../../src/gateway-connections/test-event";
import type { GatewayConnection, GatewayConnectionHealth, GatewayTestEvent } from "../../../src/gateway-connections/schemas";
import { braintreeFormFields, verifyBraintreeSignature } from "../../../src/gateways/braintree/verify";
import { normalizeBraintreeEvent } from "../../../src/gateways/braintree/normalize";
import { normalizePaddleEvent } from "../../../src/gateways/paddle/normalize";
import { verifyPaddleSignature } from "../../../src/gateways/paddle/verify";
import { normalizeStripeEvent } from "../../../src/gateways/stripe/normalize";
import { verifyStripeSignature } from "../../../src/gateways/stripe/verify";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { call, createAffiliate, createBrand, enroll, usingDb, type BrandFixture } from "../support/fixtures";
import { connected, loadWorker, paddleKey, postTo, rawConnection, stripeKey } from "../support/gateway-connections";

const HOUR = 3600_000;
const config = { SECRETS_ENCRYPTION_KEY: env.SECRETS_ENCRYPTION_KEY, TRACKING_BASE_URL: env.TRACKING_BASE_URL, STRIPE_API_URL: env.STRIPE_API_URL, PADDLE_API_URL: env.PADDLE_API_URL };

/** Writes what the events consumer and the edge's refusal notices would have written for the connection. */
async function recordTraffic(brand: BrandFixture, connectionId: string, affiliate: { affiliateId: string; enrollmentId: string }) {
  const now = Date.now();
  await usingDb((db) =>
    withPrincipal(db, { kind: "brand", brandId: brand.brandId }, async (tx) => {
      const event = async (type: "ignored" | "sale", receivedAt: Date, payload: Record<string, unknown> = {}) => {
        const id = newId("trackingEvent");
        await tx.insert(schema.trackingEvents).values({ id, brandId: brand.brandId, source: "stripe", deliveryId: id, connectionId, livemode: false, type, payload, receivedAt });
        return id;
      };
      const sale = async (credited: boolean, at: Date) => {
        const sourceEventId = await event("sale", at);
        await tx.insert(schema.conversions).values({
          id: newId("conversion"),
          brandId: brand.brandId,
          type: "sale",
          kind: "renewal",
          source: "stripe",
          connectionId,
          livemode: false,
          sourceEventId,
          ...(credited ? { affiliateId: affiliate.affiliateId, enrollmentId: affiliate.enrollmentId, campaignId: brand.campaignId } : {}),
          amount: 4900,
          currency: "USD",
          invoiceId: `in_${sourceEventId}`,
          occurredAt: at,
          createdAt: at,
          attribution: { via: credited ? "customer" : null },
          trail: "test",
        });
      };
      await event("ignored", new Date(now - HOUR), { reason: "customer.updated events are not used for attribution" });
      await event("ignored", new Date(now - 2 * HOUR), { reason: "customer.updated events are not used for attribution" });
      await event("ignored", new Date(now - 3 * HOUR), { reason: "zero-amount invoice" });
      await event("ignored", new Date(now - 30 * HOUR), { reason: "zero-amount invoice" });
      await sale(true, new Date(now - 5 * 60_000));
      await sale(false, new Date(now - HOUR));
      await sale(false, new Date(now - 2 * HOUR));
      await sale(true, new Date(now - 48 * HOUR));
      const hour = new Date(Math.floor(now / HOUR) * HOUR);
      await tx.insert(schema.gatewaySignatureRefusals).values([
        { connectionId, brandId: brand.brandId, hour, reason: "mismatch", count: 3, lastAt: new Date(now) },
        { connectionId, brandId: brand.brandId, hour, reason: "stale", count: 1, lastAt: new Date(now) },
        { connectionId, brandId: brand.brandId, hour: new Date(hour.getTime() - 48 * HOUR), reason: "mismatch", count: 7, lastAt: new Date(hour.getTime() - 48 * HOUR) },
      ]);
    }),
  );
}

beforeAll(loadWorker, 60_000);

describe("gateway connection health", () => {
  it("counts the last 24 hours by outcome: credited, unattributed, ignored and refused by reason", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate();
    const { enrollmentId } = await enroll(brand, affiliateId);
    const connection = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey(), signing_secret: "whsec_HealthCheck0000000000001" } });

    const empty = await (await call(`/v1/gateway-connections/${connection.id}/health`, { key: brand.apiKey })).json<GatewayConnectionHealth>();
    expect(empty).toMatchObject({ object: "gateway_connection_health", last_event_at: null, events: { credited: 0, unattributed: 0, ignored: [], refused_signature: [] } });

    await recordTraffic(brand, connection.id, { affiliateId, enrollmentId });
    const res = await call(`/v1/gateway-connections/${connection.id}/health`, { key: brand.apiKey });
    expect(res.status).toBe(200);
    const health = await res.json<GatewayConnectionHealth>();
    expect(health.events).toEqual({
      credited: 1,
      unattributed: 2,
      ignored: [
        { reason: "customer.updated events are not used for attribution", count: 2 },
        { reason: "zero-amount invoice", count: 1 },
      ],
      refused_signature: [
        { reason: "mismatch", count: 3 },
        { reason: "stale", count: 1 },
      ],
    });
    expect(Date.now() - Date.parse(health.since)).toBeGreaterThanOrEqual(24 * HOUR);
    expect(Date.now() - Date.parse(health.since)).toBeLessThan(24 * HOUR + 60_000);
    expect(Date.now() - Date.parse(health.last_event_at!)).toBeLessThan(6 * 60_000);
  });
});

describe("test events", () => {
  it("signs a harmless notification with the connection's own secret, as each gateway would, and reports the delivery", async () => {
    const brand = await createBrand();
    const stripe = await connected(brand, { gateway: "stripe", mode: "test", stripe: { api_key: stripeKey() } });
    const paddle = await connected(brand, { gateway: "paddle", mode: "test", paddle: { api_key: paddleKey() } });
    const keys = { merchant_id: "m_test", public_key: "pub_test_event", private_key: "priv_test_event_0123456789" };
    const braintree = await connected(brand, { gateway: "braintree", mode: "test", braintree: keys });

    for (const connection of [stripe, paddle, braintree]) {
      const res = await postTo(brand, `/${connection.id}/test-event`);
      expect(res.status).toBe(200);
      // The tests' TRACKING_BASE_URL (https://go.rekomi.test) has no server: the answer says so.
      expect(await res.json<GatewayTestEvent>()).toMatchObject({ object: "gateway_test_event", delivered: false, status: null, error: expect.stringContaining("could not be reached") });
    }

    const check = async (connection: GatewayConnection) => {
      const { request, eventId } = await signedTestEvent(config, await rawConnection(connection.id));
      expect(request.method).toBe("POST");
      expect(request.url).toBe(connection.webhook_url);
      return { request, eventId, body: await request.text() };
    };

    const s = await check(stripe);
    const stripeSecret = await signingSecretOf(stripe.id);
    expect(await verifyStripeSignature(s.body, s.request.headers.get("stripe-signature"), stripeSecret)).toEqual({ ok: true });
    expect(await verifyStripeSignature(s.body, s.request.headers.get("stripe-signature"), "whsec_SomeoneElse0000000000")).toMatchObject({ ok: false, reason: "mismatch" });
    expect(normalizeStripeEvent(s.body)).toMatchObject({ ok: true, event: { type: "ignored", external_event_id: s.eventId, livemode: false } });
    expect(JSON.parse(s.body)).toMatchObject({ type: TEST_EVENT_TYPE, object: "event" });

    const p = await check(paddle);
    expect(await verifyPaddleSignature(p.body, p.request.headers.get("paddle-signature"), await signingSecretOf(paddle.id))).toEqual({ ok: true });
    expect(normalizePaddleEvent(p.body)).toMatchObject({ ok: true, event: { type: "ignored", external_event_id: p.eventId } });

    const b = await check(braintree);
    expect(b.request.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    const fields = braintreeFormFields(b.body);
    expect(await verifyBraintreeSignature(fields, { publicKey: keys.public_key, privateKey: keys.private_key })).toEqual({ ok: true });
    expect(normalizeBraintreeEvent(fields.payload!)).toMatchObject({ ok: true, event: { type: "ignored", external_event_id: b.eventId, reason: expect.stringContaining("check") } });
  });
});

async function signingSecretOf(id: string): Promise<string> {
  const row = await rawConnection(id);
  return openConnectionSecret(env.SECRETS_ENCRYPTION_KEY, row.signingSecretCiphertext!, row.id, row.brandId, "signing_secret");
}
