import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sealConnectionSecret } from "../../../src/gateway-connections/secrets";
import { pollBraintreeRefunds } from "../../../src/gateways/braintree/poll";
import { appConfig } from "../../../src/infra/app/config";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import type { AcceptedEvent, EventBatchMessage } from "../../../src/infra/queues/messages";
import { trackingEventId } from "../../../src/ingest/event-id";
import { createBrand, usingDb } from "../support/fixtures";
import { brandRows, recordingQueue } from "../support/tracking";

// The Braintree stand-in that test/support/global-setup.ts started (scripts/local/stand-ins/braintree).
const STAND_IN = appConfig(env).BRAINTREE_API_URL!;

async function control<T>(action: string, body: object): Promise<T> {
  const res = await fetch(`${STAND_IN}/_stand-in/control/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<T>();
}

interface Keys {
  merchant_id: string;
  public_key: string;
  private_key: string;
}

/** A Braintree merchant of this test's own on the stand-in. */
async function braintreeMerchant(currency = "USD"): Promise<Keys> {
  const tag = crypto.randomUUID().slice(0, 8);
  const keys = { merchant_id: `rk${tag}`, public_key: `pub${tag}`, private_key: `priv${tag}${crypto.randomUUID()}` };
  await control("merchants", { ...keys, currency_iso_code: currency });
  return keys;
}

/** A brand's Braintree sandbox connection with sealed credentials, as connecting makes it. */
async function connect(brandId: string, keys: Keys, status: "active" | "disconnected" = "active"): Promise<string> {
  const id = newId("gatewayConnection");
  const sealed = await sealConnectionSecret(env.SECRETS_ENCRYPTION_KEY, JSON.stringify({ ...keys, environment: "sandbox" }), id, brandId, "credentials");
  await brandRows(brandId, (tx) =>
    tx.insert(schema.gatewayConnections).values({
      id,
      brandId,
      gateway: "braintree",
      livemode: false,
      name: "Braintree sandbox",
      status,
      accountId: keys.merchant_id,
      credentialsCiphertext: sealed,
      credentialsHint: keys.public_key.slice(-4),
      secretSource: "credentials",
      disconnectedAt: status === "disconnected" ? new Date() : null,
    }),
  );
  return id;
}

async function saleAndRefund(keys: Keys, amount: string, refund?: string): Promise<{ sale: string; credit: string }> {
  const sale = await control<{ id: string }>("sales", { merchant_id: keys.merchant_id, amount });
  const credit = await control<{ id: string }>("refunds", { transaction_id: sale.id, ...(refund ? { amount: refund } : {}) });
  return { sale: sale.id, credit: credit.id };
}

/** Runs the cron's poll once with a queue that records what it sends; returns the events queued for `brandId`. */
async function poll(brandId: string, now?: Date): Promise<AcceptedEvent[]> {
  const events = recordingQueue<EventBatchMessage>();
  await usingDb((db) => pollBraintreeRefunds(appConfig({ ...env, EVENTS_QUEUE: events }), db, now));
  return events.sent.flatMap((m) => m.events).filter((e) => e.brand === brandId);
}

const cursorOf = async (brandId: string, id: string) => (await brandRows(brandId, (tx) => tx.select().from(schema.gatewayConnections).where(eq(schema.gatewayConnections.id, id))))[0]!.polledUntil;

const requestsBy = async (publicKey: string) => ((await (await fetch(`${STAND_IN}/_stand-in/control/requests`)).json()) as { publicKey: string | null; path: string; status: number }[]).filter((r) => r.publicKey === publicKey);

afterEach(() => vi.restoreAllMocks());

describe("Braintree refunds found on the cron", () => {
  it("queues each refund once as a normalized refund event, the same id when found again, and advances the cursor", async () => {
    const brand = await createBrand();
    const keys = await braintreeMerchant();
    const connection = await connect(brand.brandId, keys);
    const { sale, credit } = await saleAndRefund(keys, "10.00", "4.00");

    const first = new Date();
    const queued = await poll(brand.brandId, first);
    expect(queued).toHaveLength(1);
    const delivery = `refund:${credit}`;
    expect(queued[0]).toMatchObject({
      id: await trackingEventId(brand.brandId, "braintree", delivery),
      brand: brand.brandId,
      source: "braintree",
      connection,
      livemode: false,
      delivery,
      type: "refund",
      data: { type: "refund", gateway: "braintree", external_event_id: delivery, livemode: false, invoice_id: sale, payment_id: sale, refund_id: credit, amount: 400, currency: "USD", partial: true },
    });
    expect(Date.parse(queued[0]!.data.occurred_at as string)).toBeLessThanOrEqual(first.getTime());
    expect((await cursorOf(brand.brandId, connection))?.getTime()).toBe(first.getTime());
    // Searched with its own keys, credits since it was connected, the sale looked up to tell partial from full.
    expect((await requestsBy(keys.public_key)).map((r) => [r.path.split("/").pop(), r.status])).toEqual([
      ["advanced_search_ids", 200],
      ["advanced_search", 200],
      ["advanced_search", 200],
    ]);

    // Not due again within five minutes.
    expect(await poll(brand.brandId, new Date(first.getTime() + 60_000))).toEqual([]);
    // Next run: the overlap finds the same refund again, under the same id (the consumer records it once).
    const second = new Date(first.getTime() + 6 * 60_000);
    const again = await poll(brand.brandId, second);
    expect(again.map((e) => e.id)).toEqual([queued[0]!.id]);
    expect((await cursorOf(brand.brandId, connection))?.getTime()).toBe(second.getTime());
  });

  it("reads zero-decimal amounts in the currency's unit and marks a whole refund as full", async () => {
    const brand = await createBrand();
    const keys = await braintreeMerchant("JPY");
    await connect(brand.brandId, keys);
    const { credit } = await saleAndRefund(keys, "1500");
    const [event] = await poll(brand.brandId);
    expect(event?.data).toMatchObject({ refund_id: credit, amount: 1500, currency: "JPY", partial: false });
  });

  it("skips a disconnected connection", async () => {
    const brand = await createBrand();
    const keys = await braintreeMerchant();
    const connection = await connect(brand.brandId, keys, "disconnected");
    await saleAndRefund(keys, "10.00");
    expect(await poll(brand.brandId)).toEqual([]);
    expect(await requestsBy(keys.public_key)).toEqual([]);
    expect(await cursorOf(brand.brandId, connection)).toBeNull();
  });

  it("leaves the cursor of a connection whose keys Braintree refuses, logs without the keys, and still polls the others", async () => {
    const broken = await createBrand();
    const keys = await braintreeMerchant();
    const brokenConnection = await connect(broken.brandId, { ...keys, private_key: "revoked-private-key-0123456789" });
    await saleAndRefund(keys, "10.00");
    const healthy = await createBrand();
    const healthyKeys = await braintreeMerchant();
    await connect(healthy.brandId, healthyKeys);
    const { credit } = await saleAndRefund(healthyKeys, "12.00", "2.00");

    const logged = vi.spyOn(console, "error");
    const events = recordingQueue<EventBatchMessage>();
    await expect(usingDb((db) => pollBraintreeRefunds(appConfig({ ...env, EVENTS_QUEUE: events }), db))).resolves.toMatchObject({ failed: expect.any(Number) });

    const queued = events.sent.flatMap((m) => m.events);
    expect(queued.filter((e) => e.brand === broken.brandId)).toEqual([]);
    expect(queued.filter((e) => e.brand === healthy.brandId).map((e) => e.data.refund_id)).toEqual([credit]);
    expect(await cursorOf(broken.brandId, brokenConnection)).toBeNull();
    expect((await requestsBy(keys.public_key)).map((r) => r.status)).toEqual([401]);

    const line = logged.mock.calls.map((args) => String(args[0])).find((l) => l.includes(brokenConnection));
    expect(JSON.parse(line!)).toMatchObject({ message: "braintree refund search failed; next run retries", connection_id: brokenConnection, brand_id: broken.brandId, status: 401 });
    expect(line).not.toContain("revoked-private-key");
    expect(line).not.toContain(keys.public_key);
  });
});
