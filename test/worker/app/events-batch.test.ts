import { Pool } from "@neondatabase/serverless";
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/neon-serverless";
import { describe, expect, it } from "vitest";
import { consumeEvents } from "../../../src/attribution/consumer";
import { appConfig } from "../../../src/infra/app/config";
import { drizzleOptions, openDb, type Db } from "../../../src/infra/db/client";
import * as schema from "../../../src/infra/db/schema";
import type { EventBatchMessage } from "../../../src/infra/queues/messages";
import { call, createAffiliate, createBrand, enroll } from "../support/fixtures";
import { Pipeline, brandRows, clickAt, createS2sKey, daysAgo, signedInit } from "../support/tracking";

/**
 * The events consumer records a batch as sets: the number of statements it sends to
 * Postgres does not grow with the batch (src/attribution/sales-set.ts). Counted on the wire:
 * every query any pooled connection sends, BEGIN and COMMIT included.
 */
async function countingDb<T>(fn: (db: Db) => Promise<T>): Promise<{ result: T; queries: number }> {
  openDb(env); // configures the driver for the local bridge, as the worker does
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4 });
  let queries = 0;
  // Sockets dropping while the pool closes are expected (openDb ignores them the same way).
  pool.on("error", () => {});
  pool.on("connect", (client: { query: (...args: unknown[]) => unknown }) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = (...args: unknown[]) => {
      queries++;
      return query(...args);
    };
  });
  try {
    const result = await fn(drizzle({ client: pool, ...drizzleOptions }));
    return { result, queries };
  } finally {
    await pool.end();
  }
}

/** Runs the consumer itself on `bodies` as one batch, over a counting connection. */
async function consumeCounted(bodies: EventBatchMessage[]) {
  const batch = createMessageBatch(
    "rekomi-events",
    bodies.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body })),
  ) as MessageBatch<unknown>;
  const acked: string[] = [];
  const retried: string[] = [];
  for (const m of batch.messages) {
    m.ack = () => void acked.push(m.id);
    m.retry = () => void retried.push(m.id);
  }
  const { queries } = await countingDb((db) => consumeEvents(batch, appConfig(env), db));
  return { queries, acked: acked.length, retried: retried.length };
}

/** A brand with a creator's link and S2S key, and `n` signed sales accepted by the edge (one message each). */
async function acceptedSales(n: number, tag: string, brand?: Awaited<ReturnType<typeof setup>>) {
  const b = brand ?? (await setup());
  const pipe = new Pipeline();
  for (let i = 0; i < n; i++) {
    const body = { click_id: b.click, customer_external_id: `cus_${tag}_${i}`, amount: 4900, currency: "USD", invoice_id: `in_${tag}_${i}`, product_id: "pro_monthly" };
    expect((await pipe.edgeFetch("/v1/track/sale", signedInit(body, b.key))).status).toBe(202);
  }
  return { ...b, messages: pipe.events.sent };
}

async function setup() {
  const brand = await createBrand();
  const { affiliateId } = await createAffiliate();
  const { linkId } = await enroll(brand, affiliateId);
  const key = await createS2sKey(brand);
  const click = await clickAt(linkId, daysAgo(1));
  return { brand, affiliateId, key, click };
}

const stored = (brandId: string) =>
  brandRows(brandId, async (tx) => ({
    events: (await tx.select().from(schema.trackingEvents)).length,
    sales: (await tx.select().from(schema.conversions)).filter((c) => c.type === "sale"),
    commissions: await tx.select().from(schema.commissions),
    webhookEvents: (await tx.select().from(schema.webhookEvents)).map((e) => e.type),
  }));

describe("the events consumer records a batch as sets", () => {
  it("sends as many queries to Postgres for a batch of 40 sales as for a batch of 1", async () => {
    const one = await acceptedSales(1, "one");
    const many = await acceptedSales(40, "many");
    expect(many.messages.flatMap((m) => m.events)).toHaveLength(40);

    const single = await consumeCounted(one.messages);
    const batch = await consumeCounted(many.messages);
    expect(single).toMatchObject({ acked: 1, retried: 0 });
    expect(batch).toMatchObject({ acked: many.messages.length, retried: 0 });
    expect(batch.queries).toBe(single.queries);
    console.log(JSON.stringify({ message: "queries per batch", one_sale: single.queries, forty_sales: batch.queries }));

    // And it did the whole job: every sale credited, with an earning that explains itself.
    const rows = await stored(many.brand.brandId);
    expect(rows.sales).toHaveLength(40);
    expect(rows.sales.every((s) => s.affiliateId === many.affiliateId && s.attribution.via === "click")).toBe(true);
    expect(rows.commissions).toHaveLength(40);
    for (const c of rows.commissions) {
      expect(c).toMatchObject({ kind: "earning", amount: 980, currency: "USD", status: "pending", affiliateId: many.affiliateId });
      expect(c.explanation.lines).toContain("20 % of 4900 USD minor units = 980 USD minor units (rounded half up to the minor unit).");
      expect(c.explanation.lines.some((l: string) => l.startsWith("Held until"))).toBe(true);
    }
    expect(rows.webhookEvents.filter((t) => t === "sale.created")).toHaveLength(40);
    expect(rows.webhookEvents.filter((t) => t === "commission.created")).toHaveLength(40);
  });

  it("records each sale once: duplicates inside a batch, the batch delivered again, a payment reported twice, and a batch that failed halfway", async () => {
    const b = await acceptedSales(6, "dup");
    const [first, ...rest] = b.messages;
    // The sender retried the first sale under a new webhook id: same invoice, another event.
    const pipe = new Pipeline();
    const resent = { click_id: b.click, customer_external_id: "cus_dup_0", amount: 4900, currency: "USD", invoice_id: "in_dup_0", product_id: "pro_monthly" };
    expect((await pipe.edgeFetch("/v1/track/sale", signedInit(resent, b.key))).status).toBe(202);
    // A poisoned event (a currency the database refuses) in the same batch as good ones.
    const poison = structuredClone(pipe.events.sent[0]!);
    poison.events[0]!.id = `${poison.events[0]!.id.slice(0, -4)}zzzz`;
    poison.events[0]!.delivery = `${poison.events[0]!.delivery}_poison`;
    poison.events[0]!.data = { ...poison.events[0]!.data, invoice_id: "in_dup_poison", currency: "usd1" };

    const batch = [first!, first!, ...rest, ...pipe.events.sent, poison];
    const once = await consumeCounted(batch);
    expect(once).toMatchObject({ acked: batch.length, retried: 0 });
    const again = await consumeCounted(batch);
    expect(again).toMatchObject({ acked: batch.length, retried: 0 });

    const rows = await stored(b.brand.brandId);
    expect(rows.events).toBe(7); // six sales and the resent one (its own delivery); the poisoned one is a dead letter
    expect(rows.sales.map((s) => s.invoiceId).sort()).toEqual(["in_dup_0", "in_dup_1", "in_dup_2", "in_dup_3", "in_dup_4", "in_dup_5"]);
    expect(rows.commissions).toHaveLength(6);
    expect(new Set(rows.commissions.map((c) => c.conversionId)).size).toBe(6);
    expect(rows.webhookEvents.filter((t) => t === "commission.created")).toHaveLength(6);
    const dead = await brandRows(b.brand.brandId, (tx) => tx.select().from(schema.deadLetters));
    expect(dead.map((d) => d.eventId)).toEqual([poison.events[0]!.id]);
  });

  it("earns a batch as one sale at a time in arrival order, when a later-arriving sale was paid earlier", async () => {
    // Arrival order 0, 1, 2; paid in the order 1, 2, 0.
    const paidSecondsAgo = [10, 30, 20];
    const shop = async (tag: string) => {
      const b = await setup();
      const set = await call(`/v1/campaigns/${b.brand.campaignId}`, { method: "PATCH", key: b.brand.apiKey, json: { tiers: [{ metric: "sales", threshold: 2, type: "percentage", rate_bps: 3000 }] } });
      expect(set.status, await set.clone().text()).toBe(200);
      const pipe = new Pipeline();
      for (const [i, ago] of paidSecondsAgo.entries()) {
        const body = { click_id: b.click, customer_external_id: `cus_${tag}_${i}`, amount: 4900, currency: "USD", invoice_id: `in_${tag}_${i}`, occurred_at: new Date(Date.now() - ago * 1000).toISOString() };
        expect((await pipe.edgeFetch("/v1/track/sale", signedInit(body, b.key))).status).toBe(202);
      }
      return { ...b, messages: pipe.events.sent };
    };
    const earned = async (brandId: string) => {
      const rows = await stored(brandId);
      return rows.sales
        .sort((x, y) => x.invoiceId!.localeCompare(y.invoiceId!))
        .map((sale) => {
          const c = rows.commissions.find((k) => k.conversionId === sale.id)!;
          return { amount: c.amount, month: c.explanation.inputs.creatorMonth, held: c.heldForReview, reasons: c.reviewReasons };
        });
    };

    const together = await shop("together");
    expect(await consumeCounted(together.messages)).toMatchObject({ acked: 3, retried: 0 });
    const alone = await shop("alone");
    for (const message of alone.messages) expect(await consumeCounted([message])).toMatchObject({ acked: 1, retried: 0 });

    const batch = await earned(together.brand.brandId);
    expect(batch).toEqual(await earned(alone.brand.brandId));
    // The first to arrive saw no sale yet (the two paid before it arrived after it); the
    // third counts the second only, paid before it: the 2nd sale of the month, at the tier's rate.
    expect(batch.map((e) => [e.amount, e.month])).toEqual([
      [980, { sales: 0, revenue: 0 }],
      [980, { sales: 0, revenue: 0 }],
      [1470, { sales: 1, revenue: 4900 }],
    ]);
  });

  it("records two batches of leads at once, touching the same rollup days in opposite orders, without a deadlock", async () => {
    // Each lead bumps its day's rollup rows, whose locks last until commit: without the
    // brand's lock, batch X (day 2, day 3) and batch Y (day 3, day 2) would wait on each other.
    const b = await setup();
    const click = await clickAt((await enroll(b.brand, (await createAffiliate()).affiliateId)).linkId, daysAgo(10));
    const pipe = new Pipeline();
    for (const tag of ["x2", "x3", "y3", "y2"]) {
      expect((await pipe.edgeFetch("/v1/track/lead", signedInit({ click_id: click, customer_external_id: `cus_lead_${tag}` }, b.key))).status).toBe(202);
    }
    const leads = pipe.events.sent.flatMap((m) => m.events);
    expect(leads).toHaveLength(4);
    const dayOf = (tag: string) => daysAgo(Number(tag.slice(1))).getTime();
    for (const [i, tag] of ["x2", "x3", "y3", "y2"].entries()) leads[i]!.receivedAt = dayOf(tag);
    const x: EventBatchMessage = { v: 1, events: leads.slice(0, 2) };
    const y: EventBatchMessage = { v: 1, events: leads.slice(2) };

    const results = await Promise.all([consumeCounted([x]), consumeCounted([y])]);
    expect(results).toEqual([expect.objectContaining({ acked: 1, retried: 0 }), expect.objectContaining({ acked: 1, retried: 0 })]);
    const recorded = await brandRows(b.brand.brandId, (tx) => tx.select().from(schema.conversions));
    expect(recorded.filter((c) => c.type === "lead" && c.affiliateId)).toHaveLength(4);
    const days = await brandRows(b.brand.brandId, (tx) => tx.select().from(schema.campaignDailyConversions));
    expect(days.filter((d) => d.type === "lead").map((d) => d.count)).toEqual([2, 2]);
  });
});
