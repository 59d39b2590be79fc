import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { BrandCommission } from "../../../src/commissions/schemas";
import type { NamedConversion } from "../../../src/conversions/schemas";
import { sealConnectionSecret } from "../../../src/gateway-connections/secrets";
import type { GatewayEvent, GatewayName } from "../../../src/gateways/types";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import type { AcceptedEvent, EventBatchMessage } from "../../../src/infra/queues/messages";
import { trackingEventId } from "../../../src/ingest/event-id";
import { call, usingDb, type BrandFixture } from "./fixtures";
import { consume } from "./tracking";

/**
 * Normalized gateway events (src/gateways/types.ts) queued as the edge queues them after a
 * verified webhook, and consumed by the app worker's real events consumer.
 */

/**
 * A gateway connection of `brand`, as connecting writes it. Without `apiKey` it keeps no
 * credentials (the consumer then asks the gateway nothing); with one, sealed as connecting
 * seals it, the consumer may look up what a Stripe payload leaves out at the stand-in.
 */
export async function connectGateway(brand: BrandFixture, gateway: GatewayName, livemode = true, accountId: string | null = null, apiKey?: string): Promise<string> {
  const id = newId("gatewayConnection");
  const credentialsCiphertext = apiKey ? await sealConnectionSecret(env.SECRETS_ENCRYPTION_KEY, JSON.stringify({ api_key: apiKey }), id, brand.brandId, "credentials") : null;
  await usingDb((db) =>
    withBrand(db, brand.brandId, (tx) =>
      tx.insert(schema.gatewayConnections).values({ id, brandId: brand.brandId, gateway, livemode, name: `${gateway} ${livemode ? "live" : "test"}`, accountId, secretSource: "credentials", credentialsCiphertext }),
    ),
  );
  return id;
}

/** A Stripe Connect platform's live connection of `brand` (beside its own-account one): its endpoint receives the connected accounts' events. */
export async function connectStripePlatform(brand: BrandFixture, accountId: string): Promise<string> {
  const id = newId("gatewayConnection");
  await usingDb((db) =>
    withBrand(db, brand.brandId, (tx) =>
      tx.insert(schema.gatewayConnections).values({ id, brandId: brand.brandId, gateway: "stripe", livemode: true, connect: true, name: "stripe connect live", accountId, secretSource: "credentials" }),
    ),
  );
  return id;
}

type Fields<T extends GatewayEvent["type"]> = Omit<Extract<GatewayEvent, { type: T }>, "type" | "gateway" | "external_event_id" | "occurred_at" | "livemode"> & {
  external_event_id?: string;
  occurred_at?: string;
  livemode?: boolean;
};

/** A normalized event of `gateway`, with a fresh event id, happening now, live unless said. */
export function gatewayEvent<T extends GatewayEvent["type"]>(gateway: GatewayName, type: T, fields: Fields<T>): Extract<GatewayEvent, { type: T }> {
  return { gateway, type, external_event_id: `evt_${crypto.randomUUID()}`, occurred_at: new Date().toISOString(), livemode: true, ...fields } as unknown as Extract<GatewayEvent, { type: T }>;
}

/** The queue message the edge sends for `event` accepted through `connectionId`. */
export async function gatewayMessage(brandId: string, connectionId: string, event: GatewayEvent, livemode = event.livemode): Promise<EventBatchMessage> {
  const accepted: AcceptedEvent = {
    id: await trackingEventId(brandId, event.gateway, event.external_event_id),
    brand: brandId,
    source: event.gateway,
    connection: connectionId,
    livemode,
    delivery: event.external_event_id,
    type: event.type,
    data: event as unknown as Record<string, unknown>,
    receivedAt: Date.now(),
  };
  return { v: 1, events: [accepted] };
}

/** Delivers `event` `times` times (a redelivery or a gateway's retry each) to the consumer; every message is acked. */
export async function deliver(brand: BrandFixture, connectionId: string, event: GatewayEvent, times = 1): Promise<void> {
  const message = await gatewayMessage(brand.brandId, connectionId, event);
  const result = await consume("rekomi-events", Array.from({ length: times }, () => message));
  expect(result.retryMessages).toEqual([]);
  expect(result.explicitAcks).toHaveLength(times);
}

/** The brand's conversions through the REST API. */
export async function conversionsOf(brand: BrandFixture, type?: string): Promise<NamedConversion[]> {
  const res = await call(`/v1/conversions?limit=100${type ? `&type=${type}` : ""}`, { key: brand.apiKey });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json<{ data: NamedConversion[] }>()).data;
}

/** The commission rows as stored (with `livemode`, which the REST record does not show). */
export async function commissionRows(brandId: string) {
  return usingDb((db) => withBrand(db, brandId, (tx) => tx.select().from(schema.commissions).orderBy(schema.commissions.createdAt, schema.commissions.id)));
}

/** The conversion rows as stored, both modes. */
export async function conversionRows(brandId: string) {
  return usingDb((db) => withBrand(db, brandId, (tx) => tx.select().from(schema.conversions)));
}

export async function trackingEventRows(brandId: string) {
  return usingDb((db) => withBrand(db, brandId, (tx) => tx.select().from(schema.trackingEvents)));
}

export async function connectionRow(brandId: string, connectionId: string) {
  const [row] = await usingDb((db) => withBrand(db, brandId, (tx) => tx.select().from(schema.gatewayConnections).where(eq(schema.gatewayConnections.id, connectionId))));
  return row!;
}

/** Gives the link a gateway promotion code, as the links API will. */
export async function givePromoCode(brandId: string, linkId: string, code: string): Promise<void> {
  await usingDb((db) => withBrand(db, brandId, (tx) => tx.update(schema.trackingLinks).set({ promoCode: code }).where(eq(schema.trackingLinks.id, linkId))));
}

export const byKind = (commissions: BrandCommission[], kind: string) => commissions.filter((c) => c.kind === kind);
