import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Conversion } from "../../../src/conversions/schemas";
import * as schema from "../../../src/infra/db/schema";
import { call, createAffiliate, createBrand, enroll, staffBrowser } from "../support/fixtures";
import { Pipeline, brandRows, clickAt, consume, createS2sKey, daysAgo, signedInit, unreachableDatabase } from "../support/tracking";

describe("the events consumer", () => {
  it("acks only after commit, retries with a delay while Postgres refuses, and never applies an event twice", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate();
    const { linkId } = await enroll(brand, affiliateId);
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    const click = await clickAt(linkId, daysAgo(1));
    for (const [type, body] of [
      ["lead", { click_id: click, customer_external_id: "cus_r" }],
      ["sale", { customer_external_id: "cus_r", amount: 1200, currency: "USD", invoice_id: "in_r" }],
      ["refund", { invoice_id: "in_r", amount: 200, currency: "USD" }],
    ] as const) {
      expect((await pipe.edgeFetch(`/v1/track/${type}`, signedInit(body, key))).status).toBe(202);
    }
    const messages = pipe.events.sent;
    expect(messages.flatMap((m) => m.events)).toHaveLength(3);

    const broken = { ...env, DATABASE_URL: unreachableDatabase() };
    const failed = await consume("rekomi-events", messages, { env: broken, attempts: 1 });
    expect(failed.explicitAcks).toEqual([]);
    expect(failed.retryMessages).toHaveLength(messages.length);
    expect(failed.retryDelays.every((d) => d === 5)).toBe(true);

    const ok = await consume("rekomi-events", messages, { attempts: 2 });
    expect(ok.explicitAcks).toHaveLength(messages.length);
    // The ack was lost after the commit: the queue delivers everything again.
    const again = await consume("rekomi-events", messages, { attempts: 3 });
    expect(again.explicitAcks).toHaveLength(messages.length);

    const events = await brandRows(brand.brandId, (tx) => tx.select().from(schema.trackingEvents));
    expect(events.map((e) => e.type).sort()).toEqual(["lead", "refund", "sale"]);
    const conversions = (await (await call("/v1/conversions", { key: brand.apiKey })).json<{ data: Conversion[] }>()).data;
    expect(conversions.map((c) => [c.type, c.affiliate_id]).sort()).toEqual(
      [
        ["lead", affiliateId],
        ["refund", affiliateId],
        ["sale", affiliateId],
      ].sort(),
    );
  });

  it("keeps a malformed message as a dead letter for staff without blocking the others", async () => {
    const brand = await createBrand();
    const key = await createS2sKey(brand);
    const pipe = new Pipeline();
    expect((await pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "in_m", amount: 1, currency: "USD" }, key))).status).toBe(202);
    const marker = crypto.randomUUID();
    const result = await consume("rekomi-events", [{ v: 2, what: marker }, ...pipe.events.sent]);
    expect(result.retryMessages).toHaveLength(0);
    expect(result.explicitAcks).toHaveLength(pipe.events.sent.length + 1);
    const staff = await staffBrowser();
    const list = await (await staff.get("/api/admin/dead-letters?limit=100")).json<{ data: { brand_id: string | null; raw: string; error: string }[] }>();
    const kept = list.data.find((d) => d.raw.includes(marker));
    expect(kept).toMatchObject({ brand_id: null, error: "not an event batch message" });
  });
});
