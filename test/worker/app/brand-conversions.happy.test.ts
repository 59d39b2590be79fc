import { describe, expect, it } from "vitest";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { CONVERSION_CSV_COLUMNS } from "../../../src/conversions/csv";
import { parseCsv } from "../../support/csv";
import { teammate, usingDb } from "../support/fixtures";
import { clickThrough, dashboardS2sKey, dashboardTracking, expectJson, track } from "../support/brand-dashboard";
import { Pipeline } from "../support/tracking";

type Conversion = { id: string; type: string; amount: number | null; currency: string | null; invoice_id: string | null; campaign_name: string | null; affiliate_name: string | null; credited: boolean; attribution: { trail: string; link_code: string | null } };
type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

/** The CSV as records keyed by column. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...CONVERSION_CSV_COLUMNS]);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

/** A brand whose creator (named to trip CSV writers) brought sales in three currencies and a refund. */
async function brandWithSales() {
  const t = await dashboardTracking({ creatorName: '=Casey, "CC" Creator' });
  const pipe = new Pipeline();
  const clicks = await clickThrough(pipe, t.link.code, 3);
  const key = await dashboardS2sKey(t.owner, t.brandId);
  await track(pipe, key, [
    ["sale", { click_id: clicks[0], amount: 4900, currency: "USD", invoice_id: "in_usd" }],
    ["sale", { click_id: clicks[1], amount: 1000, currency: "JPY", invoice_id: "in_jpy" }],
    ["sale", { click_id: clicks[2], amount: 1234, currency: "KWD", invoice_id: "in_kwd" }],
    ["refund", { invoice_id: "in_usd", amount: 900, currency: "USD" }],
    // Not through any link: recorded, not credited.
    ["sale", { customer_external_id: "cus_organic", amount: 2500, currency: "USD", invoice_id: "in_organic" }],
  ]);
  return { ...t, pipe, key };
}

describe("conversions in the brand dashboard", () => {
  it("lists conversions with campaign and creator names, filters them, and carries the trail", async () => {
    const b = await brandWithSales();
    const member = await teammate(b.owner, b.brandId, "member");
    const base = `/api/brands/${b.brandId}/conversions`;
    const all = await expectJson<Page<Conversion>>(await member.get(base), 200);
    expect(all.data.map((c) => [c.type, c.invoice_id])).toEqual([
      ["sale", "in_organic"],
      ["refund", "in_usd"],
      ["sale", "in_kwd"],
      ["sale", "in_jpy"],
      ["sale", "in_usd"],
    ]);
    expect(all.data[4]).toMatchObject({ credited: true, campaign_name: "Pro partner program", affiliate_name: '=Casey, "CC" Creator', attribution: { link_code: b.link.code } });
    expect(all.data[4]!.attribution.trail).toContain(`through link ${b.link.code}`);
    expect(all.data[0]).toMatchObject({ credited: false, campaign_name: null, affiliate_name: null });

    const refunds = await expectJson<Page<Conversion>>(await member.get(`${base}?type=refund`), 200);
    expect(refunds.data.map((c) => c.invoice_id)).toEqual(["in_usd"]);
    const credited = await expectJson<Page<Conversion>>(await member.get(`${base}?affiliate_id=${b.affiliateId}&campaign_id=${b.campaignId}&limit=2`), 200);
    expect(credited).toMatchObject({ has_more: true, data: [{ invoice_id: "in_usd", type: "refund" }, { invoice_id: "in_kwd" }] });
    const later = await expectJson<Page<Conversion>>(await member.get(`${base}?created_gte=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), 200);
    expect(later.data).toEqual([]);
  });

  it("exports CSV: escaped text, money as decimal strings per currency beside integer minor units", async () => {
    const b = await brandWithSales();
    const res = await b.owner.get(`/api/brands/${b.brandId}/conversions/export.csv?type=sale`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="rekomi-conversions-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const rows = records(await res.text());
    expect(rows.map((r) => [r.invoice_id, r.amount, r.currency, r.amount_minor])).toEqual([
      ["in_organic", "25.00", "USD", "2500"],
      ["in_kwd", "1.234", "KWD", "1234"],
      ["in_jpy", "1000", "JPY", "1000"],
      ["in_usd", "49.00", "USD", "4900"],
    ]);
    const usd = rows[3]!;
    // The creator's name starts like a formula: defused, and its comma and quotes survive the round trip.
    expect(usd).toMatchObject({ affiliate_name: `'=Casey, "CC" Creator`, campaign_name: "Pro partner program", credited: "true", type: "sale", link_code: b.link.code });
    expect(usd.attribution_trail).toContain("inside the 30-day window");
    expect(rows[0]).toMatchObject({ credited: "false", affiliate_id: "", affiliate_name: "" });

    const refunds = records(await (await b.owner.get(`/api/brands/${b.brandId}/conversions/export.csv?type=refund`)).text());
    expect(refunds.map((r) => [r.type, r.amount, r.currency, r.sale_id !== ""])).toEqual([["refund", "9.00", "USD", true]]);
  });

  it("streams every row of a long export, page after page, newest first, each once", async () => {
    const t = await dashboardTracking();
    const total = 1203;
    await usingDb((db) =>
      withBrand(db, t.brandId, async (tx) => {
        const events = Array.from({ length: total }, (_, i) => ({
          id: newId("trackingEvent"),
          brandId: t.brandId,
          source: "s2s" as const,
          deliveryId: `bulk-${i}`,
          type: "lead" as const,
          payload: {},
          receivedAt: new Date(),
        }));
        await tx.insert(schema.trackingEvents).values(events);
        await tx.insert(schema.conversions).values(
          events.map((e, i) => ({
            id: newId("conversion"),
            brandId: t.brandId,
            type: "lead" as const,
            sourceEventId: e.id,
            customerExternalId: `cus_${i}`,
            occurredAt: new Date(),
            attribution: { via: null, reason: "no_click" },
            trail: "not credited: the lead carried no click",
          })),
        );
      }),
    );
    const rows = records(await (await t.owner.get(`/api/brands/${t.brandId}/conversions/export.csv`)).text());
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.id)).size).toBe(total);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort().reverse());
    expect(new Set(rows.map((r) => r.customer_external_id)).size).toBe(total);
  });

  it("exports only the header when nothing matches", async () => {
    const t = await dashboardTracking();
    const text = await (await t.owner.get(`/api/brands/${t.brandId}/conversions/export.csv`)).text();
    expect(text).toBe(`${CONVERSION_CSV_COLUMNS.join(",")}\r\n`);
  });
});
