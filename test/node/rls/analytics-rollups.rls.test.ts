import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversionsPerDay, topAffiliates } from "../../../src/analytics/queries";
import { insertClicks } from "../../../src/clicks/record";
import { withBrand } from "../../../src/infra/db/principal";
import { newId } from "../../../src/infra/ids";
import { as, connectAsApp, pgCode, pools, seedTenant, type Tenant } from "./support";

/**
 * The analytics rollups equal what they summarise: conversion_daily_stats,
 * conversion_monthly_stats and campaign_daily_conversions (kept by triggers on conversions) against the raw credited
 * conversions, and link_daily_clicks and campaign_daily_clicks (kept by the clicks
 * consumer's insert) against the raw clicks, after set-based inserts, redelivery,
 * late credit and corrections; and both stay behind forced RLS.
 */

let client: pg.Client;
let db: ReturnType<typeof pools>;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  client = await connectAsApp();
  db = pools();
  a = await seedTenant(client, "rollup-a");
  b = await seedTenant(client, "rollup-b");
});
afterAll(async () => {
  await client.end();
  await db.close();
});

/** The same sums computed from raw conversions: what analytics read before the rollups. */
const RAW_CONVERSIONS = `
  select livemode, (occurred_at at time zone 'UTC')::date::text as day, campaign_id, affiliate_id, type, currency,
         count(*) filter (where type <> 'dispute' or kind = 'opened')::int as count,
         sum(coalesce(amount, 0) * case when type <> 'dispute' or kind = 'opened' then 1 when kind = 'won' then -1 else 0 end)::int as amount
    from conversions
   where affiliate_id is not null and type in ('lead', 'sale', 'refund', 'dispute')
   group by 1, 2, 3, 4, 5, 6
  having count(*) filter (where type <> 'dispute' or kind = 'opened') <> 0
      or sum(coalesce(amount, 0) * case when type <> 'dispute' or kind = 'opened' then 1 when kind = 'won' then -1 else 0 end) <> 0
   order by 1, 2, 3, 4, 5, 6`;
const ROLLUP_CONVERSIONS = `
  select livemode, day::text as day, campaign_id, affiliate_id, type, currency, count::int as count, amount::int as amount
    from conversion_daily_stats where count <> 0 or amount <> 0 order by 1, 2, 3, 4, 5, 6`;

/** The per-campaign rollup against the per-creator one (which the raw rows above check). */
const BY_CAMPAIGN_FROM_CREATORS = `
  select livemode, day::text as day, campaign_id, type, currency, sum(count)::int as count, sum(amount)::int as amount
    from conversion_daily_stats group by 1, 2, 3, 4, 5 having sum(count) <> 0 or sum(amount) <> 0 order by 1, 2, 3, 4, 5`;
const BY_CAMPAIGN = `
  select livemode, day::text as day, campaign_id, type, currency, count::int as count, amount::int as amount
    from campaign_daily_conversions where count <> 0 or amount <> 0 order by 1, 2, 3, 4, 5`;

/** conversion_monthly_stats against the raw conversions summed by UTC calendar month. */
const RAW_MONTHLY = `
  select livemode, date_trunc('month', (occurred_at at time zone 'UTC'))::date::text as month, campaign_id, affiliate_id, type, currency,
         count(*) filter (where type <> 'dispute' or kind = 'opened')::int as count,
         sum(coalesce(amount, 0) * case when type <> 'dispute' or kind = 'opened' then 1 when kind = 'won' then -1 else 0 end)::int as amount
    from conversions
   where affiliate_id is not null and type in ('lead', 'sale', 'refund', 'dispute')
   group by 1, 2, 3, 4, 5, 6
  having count(*) filter (where type <> 'dispute' or kind = 'opened') <> 0
      or sum(coalesce(amount, 0) * case when type <> 'dispute' or kind = 'opened' then 1 when kind = 'won' then -1 else 0 end) <> 0
   order by 1, 2, 3, 4, 5, 6`;
const ROLLUP_MONTHLY = `
  select livemode, month::text as month, campaign_id, affiliate_id, type, currency, count::int as count, amount::int as amount
    from conversion_monthly_stats where count <> 0 or amount <> 0 order by 1, 2, 3, 4, 5, 6`;

const RAW_CLICKS = `select link_id, (clicked_at at time zone 'UTC')::date::text as day, count(*)::int as clicks from clicks group by 1, 2 order by 1, 2`;
const ROLLUP_CLICKS = `select link_id, day::text as day, clicks from link_daily_clicks order by 1, 2`;
const RAW_CAMPAIGN_CLICKS = `select campaign_id, (clicked_at at time zone 'UTC')::date::text as day, count(*)::int as clicks from clicks group by 1, 2 order by 1, 2`;
const CAMPAIGN_CLICKS = `select campaign_id, day::text as day, clicks::int as clicks from campaign_daily_clicks order by 1, 2`;

async function rows(brandId: string, sql: string) {
  return as(client, { brand: brandId }, async () => (await client.query(sql)).rows);
}

/**
 * Writes conversions of brand `t` in ONE statement (as the set-based events consumer does):
 * each spec becomes a tracking event and a conversion.
 */
async function record(t: Tenant, specs: { type: string; kind?: string; amount?: number; currency?: string; credited?: boolean; livemode?: boolean; at: string; invoice?: string }[]) {
  const ids = specs.map(() => ({ event: newId("trackingEvent"), conversion: newId("conversion") }));
  await as(
    client,
    { brand: t.brandId },
    async () => {
      await client.query(
        `insert into tracking_events (id, brand_id, source, delivery_id, type, payload, received_at)
         select e, $1, 's2s', e, 'sale', '{}', now() from unnest($2::text[]) e`,
        [t.brandId, ids.map((i) => i.event)],
      );
      await client.query(
        `insert into conversions (id, brand_id, type, kind, source_event_id, affiliate_id, enrollment_id, campaign_id, amount, currency, invoice_id, reference_id, livemode, occurred_at, attribution, trail)
         select s.id, $1, s.type, s.kind, s.event,
                case when s.credited then $2 end, case when s.credited then $3 end, case when s.credited then $4 end,
                s.amount, s.currency, s.invoice, case when s.type = 'dispute' then 'dp_' || s.invoice end, s.livemode, s.at, '{"via":"click"}', 'test'
           from jsonb_to_recordset($5::jsonb) as s(id text, event text, type text, kind text, amount bigint, currency text, invoice text, credited boolean, livemode boolean, at timestamptz)`,
        [
          t.brandId,
          t.affiliateId,
          t.enrollmentId,
          t.campaignId,
          JSON.stringify(
            specs.map((s, i) => ({
              id: ids[i]!.conversion,
              event: ids[i]!.event,
              type: s.type,
              kind: s.kind ?? null,
              amount: s.amount ?? null,
              currency: s.currency ?? null,
              invoice: s.type === "lead" || s.type === "cancellation" ? null : (s.invoice ?? `in_${ids[i]!.conversion}`),
              credited: s.credited ?? true,
              livemode: s.livemode ?? true,
              at: s.at,
            })),
          ),
        ],
      );
    },
    true,
  );
  return ids.map((i) => i.conversion);
}

describe("analytics rollups", () => {
  it("conversion_daily_stats equals the raw credited conversions after inserts, late credit and corrections", async () => {
    const [organic] = await record(a, [
      { type: "sale", amount: 9900, currency: "USD", credited: false, at: "2026-11-02T10:00:00Z" },
      { type: "lead", at: "2026-11-01T23:59:59Z" },
      { type: "sale", kind: "first_purchase", amount: 4900, currency: "USD", at: "2026-11-01T12:00:00Z", invoice: "in_1" },
      { type: "sale", kind: "renewal", amount: 4900, currency: "USD", at: "2026-11-02T00:00:00Z" },
      { type: "sale", amount: 3000, currency: "EUR", at: "2026-11-02T08:00:00Z" },
      // Moved a day later by the correction below: from November into December.
      { type: "sale", amount: 2500, currency: "EUR", at: "2026-11-30T20:00:00Z" },
      { type: "sale", amount: 1000, currency: "USD", livemode: false, at: "2026-11-02T08:00:00Z" },
      { type: "refund", kind: "partial", amount: 900, currency: "USD", at: "2026-11-03T08:00:00Z", invoice: "in_1" },
      { type: "cancellation", at: "2026-11-03T08:00:00Z" },
    ]);
    // A dispute's phases on different days: opened takes the money, won returns it, lost moves nothing.
    await record(a, [
      { type: "dispute", kind: "opened", amount: 4900, currency: "USD", at: "2026-11-04T08:00:00Z", invoice: "in_d" },
      { type: "dispute", kind: "lost", amount: 4900, currency: "USD", at: "2026-11-05T08:00:00Z", invoice: "in_d" },
    ]);
    await record(a, [{ type: "dispute", kind: "opened", amount: 2000, currency: "EUR", at: "2026-11-04T09:00:00Z", invoice: "in_e" }]);
    await record(a, [{ type: "dispute", kind: "won", amount: 2000, currency: "EUR", at: "2026-11-06T09:00:00Z", invoice: "in_e" }]);
    // Another brand's conversions never reach brand A's rollups.
    await record(b, [{ type: "sale", amount: 777, currency: "USD", at: "2026-11-02T10:00:00Z" }]);

    const raw = await rows(a.brandId, RAW_CONVERSIONS);
    expect(raw.length).toBeGreaterThan(8);
    expect(await rows(a.brandId, ROLLUP_CONVERSIONS)).toEqual(raw);
    expect(raw.find((r) => r.type === "dispute" && r.day === "2026-11-06")).toMatchObject({ count: 0, amount: -2000, currency: "EUR" });
    expect(await rows(a.brandId, ROLLUP_MONTHLY)).toEqual(await rows(a.brandId, RAW_MONTHLY));

    // Late credit: the organic sale is credited when its customer's lead arrives.
    await as(
      client,
      { brand: a.brandId },
      () => client.query("update conversions set affiliate_id = $1, enrollment_id = $2, campaign_id = $3 where id = $4", [a.affiliateId, a.enrollmentId, a.campaignId, organic]),
      true,
    );
    // A correction of amounts and day, and an update that changes nothing the rollups count.
    await as(
      client,
      { brand: a.brandId },
      async () => {
        await client.query("update conversions set amount = amount + 100, occurred_at = occurred_at + interval '1 day' where type = 'sale' and currency = 'EUR'");
        await client.query("update conversions set trail = 'corrected'");
      },
      true,
    );
    const after = await rows(a.brandId, RAW_CONVERSIONS);
    expect(after).not.toEqual(raw);
    expect(await rows(a.brandId, ROLLUP_CONVERSIONS)).toEqual(after);
    expect(await rows(a.brandId, BY_CAMPAIGN)).toEqual(await rows(a.brandId, BY_CAMPAIGN_FROM_CREATORS));
    expect((await rows(a.brandId, BY_CAMPAIGN)).length).toBeGreaterThan(5);
    expect(await rows(b.brandId, ROLLUP_CONVERSIONS)).toEqual(await rows(b.brandId, RAW_CONVERSIONS));
    const monthly = await rows(a.brandId, RAW_MONTHLY);
    expect(monthly.some((r) => r.month === "2026-12-01" && r.currency === "EUR")).toBe(true);
    expect(await rows(a.brandId, ROLLUP_MONTHLY)).toEqual(monthly);
    expect(await rows(b.brandId, ROLLUP_MONTHLY)).toEqual(await rows(b.brandId, RAW_MONTHLY));
  });

  it("top creators over ranges of whole and partial months equal the raw conversions' sums", async () => {
    const t = await seedTenant(client, "rollup-months");
    await record(t, [
      { type: "sale", amount: 1000, currency: "USD", at: "2026-09-30T23:30:00Z" },
      { type: "sale", amount: 2000, currency: "USD", at: "2026-10-01T00:10:00Z", invoice: "in_m1" },
      { type: "sale", amount: 4000, currency: "USD", at: "2026-10-19T12:00:00Z" },
      { type: "sale", amount: 8000, currency: "USD", at: "2026-10-20T12:00:00Z" },
      { type: "sale", amount: 300, currency: "EUR", at: "2026-10-31T23:59:59Z" },
      { type: "refund", amount: 500, currency: "USD", at: "2026-11-15T12:00:00Z", invoice: "in_m1" },
      { type: "sale", amount: 16000, currency: "USD", at: "2026-11-30T12:00:00Z" },
      { type: "dispute", kind: "opened", amount: 700, currency: "EUR", at: "2026-12-01T00:00:00Z", invoice: "in_m2" },
      { type: "sale", amount: 32000, currency: "USD", at: "2026-12-05T12:00:00Z" },
      { type: "sale", amount: 64000, currency: "USD", at: "2026-12-06T12:00:00Z" },
      { type: "sale", amount: 999, currency: "USD", livemode: false, at: "2026-11-10T12:00:00Z" },
    ]);
    // A refund recorded later, and a dispute won: rollups move on later statements too.
    await record(t, [{ type: "refund", amount: 250, currency: "USD", at: "2026-10-25T12:00:00Z", invoice: "in_m3" }]);
    await record(t, [{ type: "dispute", kind: "won", amount: 700, currency: "EUR", at: "2026-12-02T00:00:00Z", invoice: "in_m2" }]);
    const raw = async (from: string, to: string) =>
      (
        await rows(
          t.brandId,
          `select currency,
                  count(*) filter (where type = 'sale')::int as sales,
                  coalesce(sum(amount) filter (where type = 'sale'), 0)::int
                  - coalesce(sum(amount) filter (where type = 'refund'), 0)::int
                  - coalesce(sum(amount * case when kind = 'opened' then 1 when kind = 'won' then -1 else 0 end) filter (where type = 'dispute'), 0)::int as net
             from conversions
            where livemode and affiliate_id is not null and currency is not null
              and (occurred_at at time zone 'UTC')::date between '${from}' and '${to}'
            group by currency order by currency`,
        )
      ).map((r) => [r.currency, r.sales, r.net]);
    const ranges: [string, string][] = [
      ["2026-10-20", "2026-12-05"], // partial, whole, partial
      ["2026-10-01", "2026-11-30"], // two whole months
      ["2026-09-30", "2026-12-31"], // one day, whole months, a whole last month
      ["2026-10-10", "2026-12-25"], // most of a month at both ends
      ["2026-10-02", "2026-10-30"], // inside one month, all but its first and last day
      ["2026-11-30", "2026-12-01"], // across a month's end, no whole month
    ];
    for (const [from, to] of ranges) {
      const top = await withBrand(db.appDb, t.brandId, (tx) => topAffiliates(tx, { brandId: t.brandId, from, to, livemode: true }, 10));
      expect.soft(top.map((r) => [r.currency, r.sales, r.netAmount]), `${from}..${to}`).toEqual(await raw(from, to));
    }
    expect((await raw("2026-10-20", "2026-12-05")).length).toBe(2);
  });

  it("analytics leave out rollup rows a move brought back to zero: no empty day, no creator ranked on nothing", async () => {
    const c = await seedTenant(client, "rollup-zero");
    await record(c, [
      { type: "sale", amount: 5000, currency: "USD", at: "2026-11-02T10:00:00Z" },
      { type: "sale", amount: 3000, currency: "EUR", at: "2026-11-02T11:00:00Z" },
    ]);
    // The USD sale moves to the next day; the EUR sale loses its credit. Their old rollup rows stay, at zero.
    await as(
      client,
      { brand: c.brandId },
      async () => {
        await client.query("update conversions set occurred_at = occurred_at + interval '1 day' where currency = 'USD'");
        await client.query("update conversions set affiliate_id = null, enrollment_id = null, campaign_id = null where currency = 'EUR'");
      },
      true,
    );
    expect((await rows(c.brandId, "select count(*)::int as n from conversion_daily_stats where count = 0 and amount = 0"))[0].n).toBe(2);

    const filters = { brandId: c.brandId, from: "2026-11-01", to: "2026-11-05", livemode: true };
    const only = [{ day: "2026-11-03", type: "sale", currency: "USD", count: 1, amount: 5000 }];
    const read = await withBrand(db.appDb, c.brandId, async (tx) => ({
      brand: await conversionsPerDay(tx, filters),
      creator: await conversionsPerDay(tx, { ...filters, affiliateId: c.affiliateId }),
      top: await topAffiliates(tx, filters, 10),
    }));
    expect(read.brand).toEqual(only);
    expect(read.creator).toEqual(only);
    expect(read.top.map((r) => [r.currency, r.sales, r.netAmount])).toEqual([["USD", 1, 5000]]);
  });

  it("link_daily_clicks equals the raw clicks, and redelivered clicks count once", async () => {
    const base = Date.parse("2026-11-10T23:59:00Z");
    const clicks = Array.from({ length: 40 }, (_, i) => ({
      id: `clk_rollup_${a.linkId}_${i}`,
      link: a.linkId,
      brand: a.brandId,
      campaign: a.campaignId,
      enrollment: a.enrollmentId,
      affiliate: a.affiliateId,
      at: base + i * 7_000, // across UTC midnight
    }));
    expect(await withBrand(db.appDb, a.brandId, (tx) => insertClicks(tx, clicks.slice(0, 25)))).toBe(25);
    expect(await withBrand(db.appDb, a.brandId, (tx) => insertClicks(tx, clicks))).toBe(15);
    const raw = await rows(a.brandId, RAW_CLICKS);
    expect(raw.reduce((n, r) => n + r.clicks, 0)).toBe(40);
    expect(await rows(a.brandId, ROLLUP_CLICKS)).toEqual(raw);
    expect(await rows(a.brandId, CAMPAIGN_CLICKS)).toEqual(await rows(a.brandId, RAW_CAMPAIGN_CLICKS));
    expect((await rows(a.brandId, CAMPAIGN_CLICKS)).length).toBe(2);
  });

  it("keeps the rollups behind forced RLS: own brand only, creators their own rows, no deletes", async () => {
    await as(client, { brand: b.brandId }, async () => {
      for (const table of ["conversion_daily_stats", "conversion_monthly_stats", "campaign_daily_conversions", "campaign_daily_clicks"]) {
        expect.soft(Number((await client.query(`select count(*) from ${table} where brand_id = $1`, [a.brandId])).rows[0].count), table).toBe(0);
      }
    });
    await as(client, { brand: a.brandId }, async () => {
      expect(Number((await client.query("select count(*) from campaign_daily_conversions")).rows[0].count)).toBeGreaterThan(0);
    });
    await as(client, { affiliate: a.affiliateId }, async () => {
      for (const table of ["conversion_daily_stats", "conversion_monthly_stats"]) {
        const { rows: seen } = await client.query(`select distinct brand_id, affiliate_id from ${table}`);
        expect.soft(seen, table).toEqual([{ brand_id: a.brandId, affiliate_id: a.affiliateId }]);
      }
    });
    expect(
      await pgCode(
        as(client, { brand: b.brandId }, () =>
          client.query("insert into conversion_daily_stats (brand_id, livemode, day, campaign_id, affiliate_id, type, currency, count, amount) values ($1, true, current_date, $2, $3, 'sale', 'USD', 1, 100)", [
            a.brandId,
            a.campaignId,
            a.affiliateId,
          ]),
        ),
      ),
    ).toBe("42501");
    for (const table of ["conversion_daily_stats", "conversion_monthly_stats", "campaign_daily_conversions", "campaign_daily_clicks"]) {
      expect.soft(await pgCode(as(client, { brand: a.brandId }, () => client.query(`delete from ${table}`))), table).toBe("42501");
    }
  });
});
