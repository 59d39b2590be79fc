import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { withPrincipal } from "../../../src/infra/db/principal";
import { ownSales90d } from "../../../src/network/queries";
import { as, connectAsApp, consentedEnrollment, pools, seedTenant, type Tenant } from "./support";

let client: pg.Client;
let a: Tenant & Money;
let b: Tenant & Money;
/** Tenant a's creator, also enrolled with brand b and earning there. */
let crossCommissionId: string;
/** A sale of tenant a without a commission. */
let fresh: string;

interface Money {
  conversionId: string;
  commissionId: string;
  heldCommissionId: string;
}

/** A sale of the tenant's creator and its earning (hold passed), written as the brand. */
async function sale(brandId: string, campaignId: string, enrollmentId: string, affiliateId: string, opts: { held?: boolean } = {}) {
  const eventId = newId("trackingEvent");
  const conversionId = newId("conversion");
  const commissionId = newId("commission");
  await as(
    client,
    { brand: brandId },
    async () => {
      await client.query("insert into tracking_events (id, brand_id, source, delivery_id, type, payload, received_at) values ($1, $2, 's2s', $1, 'sale', '{}', now())", [eventId, brandId]);
      await client.query(
        `insert into conversions (id, brand_id, type, source_event_id, affiliate_id, enrollment_id, campaign_id, amount, currency, invoice_id, occurred_at, attribution, trail)
         values ($1, $2, 'sale', $3, $4, $5, $6, 1000, 'USD', $1, now(), '{"via":"click"}', 'test')`,
        [conversionId, brandId, eventId, affiliateId, enrollmentId, campaignId],
      );
      await client.query(
        `insert into commissions (id, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, kind, amount, currency, hold_until, held_for_review, explanation)
         values ($1, $2, $3, $4, $5, $6, $7, 'earning', 100, 'USD', now() - interval '1 day', $8, '{"lines":[],"inputs":{}}')`,
        [commissionId, brandId, campaignId, enrollmentId, affiliateId, conversionId, eventId, opts.held ?? false],
      );
    },
    true,
  );
  return { conversionId, commissionId };
}

/** A credited sale of the tenant without any commission yet (live unless told). */
async function freshConversion(t: Tenant, livemode = true): Promise<string> {
  const eventId = newId("trackingEvent");
  const conversionId = newId("conversion");
  await as(
    client,
    { brand: t.brandId },
    async () => {
      await client.query("insert into tracking_events (id, brand_id, source, delivery_id, type, livemode, payload, received_at) values ($1, $2, 's2s', $1, 'sale', $3, '{}', now())", [eventId, t.brandId, livemode]);
      await client.query(
        `insert into conversions (id, brand_id, type, source_event_id, affiliate_id, enrollment_id, campaign_id, amount, currency, invoice_id, livemode, occurred_at, attribution, trail)
         values ($1, $2, 'sale', $3, $4, $5, $6, 1000, 'USD', $1, $7, now(), '{"via":"click"}', 'test')`,
        [conversionId, t.brandId, eventId, t.affiliateId, t.enrollmentId, t.campaignId, livemode],
      );
    },
    true,
  );
  return conversionId;
}

async function seedMoney(t: Tenant): Promise<Tenant & Money> {
  const { conversionId, commissionId } = await sale(t.brandId, t.campaignId, t.enrollmentId, t.affiliateId);
  const held = await sale(t.brandId, t.campaignId, t.enrollmentId, t.affiliateId, { held: true });
  await as(
    client,
    { brand: t.brandId },
    () => client.query("insert into commission_overrides (brand_id, campaign_id, product_id, type, rate_bps) values ($1, $2, 'pro', 'percentage', 3000)", [t.brandId, t.campaignId]),
    true,
  );
  return { ...t, conversionId, commissionId, heldCommissionId: held.commissionId };
}

beforeAll(async () => {
  client = await connectAsApp();
  a = await seedMoney(await seedTenant(client, "money-a"));
  b = await seedMoney(await seedTenant(client, "money-b"));
  const crossEnrollment = newId("enrollment");
  await consentedEnrollment(client, { enrollmentId: crossEnrollment, brandId: b.brandId, campaignId: b.campaignId, affiliateId: a.affiliateId });
  crossCommissionId = (await sale(b.brandId, b.campaignId, crossEnrollment, a.affiliateId)).commissionId;
  fresh = await freshConversion(a);
});
afterAll(() => client.end());

const ids = async (sql: string, params: unknown[] = []) => (await client.query<{ id: string }>(sql, params)).rows.map((r) => r.id).sort();
const count = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].count);

describe("commissions under forced RLS", () => {
  it("a brand sees its own commissions and overrides, none of another brand's; no principal sees nothing", async () => {
    await as(client, { brand: a.brandId }, async () => {
      expect(await ids("select id from commissions")).toEqual([a.commissionId, a.heldCommissionId].sort());
      expect(await count("select count(*) from commission_overrides")).toBe(1);
      expect(await count("select count(*) from commission_overrides where brand_id = $1", [b.brandId])).toBe(0);
    });
    await as(client, {}, async () => {
      expect(await count("select count(*) from commissions")).toBe(0);
      expect(await count("select count(*) from commission_overrides")).toBe(0);
    });
  });

  it("a creator sees its own commissions across brands, never another creator's, and no overrides", async () => {
    await as(client, { affiliate: a.affiliateId }, async () => {
      expect(await ids("select id from commissions")).toEqual([a.commissionId, a.heldCommissionId, crossCommissionId].sort());
      expect(await count("select count(*) from commission_overrides")).toBe(0);
      await expect(client.query("update commissions set status = 'approved', approved_at = now() where id = $1", [a.commissionId])).resolves.toMatchObject({ rowCount: 0 });
    });
    await as(client, { affiliate: b.affiliateId }, async () => {
      expect(await ids("select id from commissions")).toEqual([b.commissionId, b.heldCommissionId].sort());
    });
  });

  it("never deletes money rows nor rewrites what was earned; only the lifecycle moves", async () => {
    for (const statement of ["delete from commissions", "update commissions set amount = 1000000", "update commissions set currency = 'EUR'", "update commissions set kind = 'clawback'"]) {
      await expect(as(client, { brand: a.brandId }, () => client.query(statement)), statement).rejects.toThrow(/permission denied/);
    }
    await as(client, { brand: a.brandId }, async () => {
      const moved = await client.query("update commissions set status = 'approved', approved_at = now(), updated_at = now() where id = $1", [a.commissionId]);
      expect(moved.rowCount).toBe(1);
    });
  });

  it("cannot write another brand's commission, nor point one at another brand's conversion or enrollment", async () => {
    const insert = (brandId: string, conversionId: string, enrollment: { id: string; campaignId: string; affiliateId: string }) =>
      client.query(
        `insert into commissions (id, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, kind, amount, currency, hold_until, explanation)
         select $1, $2, $3, $4, $5, $6, source_event_id, 'earning', 1, 'USD', now(), '{"lines":[],"inputs":{}}' from conversions where id = $6`,
        [newId("commission"), brandId, enrollment.campaignId, enrollment.id, enrollment.affiliateId, conversionId],
      );
    const ownEnrollment = { id: a.enrollmentId, campaignId: a.campaignId, affiliateId: a.affiliateId };
    // Another brand's conversion is invisible, so nothing is inserted; with its ids spelled out, the key refuses it.
    await as(client, { brand: a.brandId }, async () => expect((await insert(a.brandId, b.conversionId, ownEnrollment)).rowCount).toBe(0));
    await expect(
      as(client, { brand: a.brandId }, () =>
        client.query(
          `insert into commissions (id, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, kind, amount, currency, hold_until, explanation)
           values ($1, $2, $3, $4, $5, $6, (select source_event_id from conversions where id = $7), 'earning', 1, 'USD', now(), '{"lines":[],"inputs":{}}')`,
          [newId("commission"), a.brandId, a.campaignId, a.enrollmentId, a.affiliateId, b.conversionId, a.conversionId],
        ),
      ),
    ).rejects.toThrow(/commissions_conversion_brand/);
    await expect(as(client, { brand: a.brandId }, () => insert(a.brandId, fresh, { id: b.enrollmentId, campaignId: b.campaignId, affiliateId: b.affiliateId }))).rejects.toThrow(
      /commissions_enrollment/,
    );
    await as(client, { brand: a.brandId }, async () => expect((await insert(a.brandId, fresh, ownEnrollment)).rowCount).toBe(1));
    await expect(as(client, { brand: a.brandId }, () => insert(b.brandId, fresh, ownEnrollment))).rejects.toThrow(/row-level security/);
    await expect(
      as(client, { brand: a.brandId }, () => client.query("insert into commission_overrides (brand_id, campaign_id, product_id, type, rate_bps) values ($1, $2, 'x', 'percentage', 1)", [a.brandId, b.campaignId])),
    ).rejects.toThrow(/commission_overrides_campaign/);
  });

  it("keeps one commission per conversion and the signs of each kind", async () => {
    await expect(
      as(client, { brand: a.brandId }, () =>
        client.query(
          `insert into commissions (id, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, kind, amount, currency, hold_until, explanation)
           select $1, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, 'earning', 5, 'USD', now(), explanation from commissions where id = $2`,
          [newId("commission"), a.commissionId],
        ),
      ),
    ).rejects.toThrow(/commissions_conversion/);
    await expect(
      as(client, { brand: a.brandId }, () =>
        client.query(
          `insert into commissions (id, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, kind, amount, currency, hold_until, explanation)
           select $1, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, 'reversal', 5, 'USD', now(), explanation from commissions where id = $2`,
          [newId("commission"), a.commissionId],
        ),
      ),
    ).rejects.toThrow(/commissions_sign/);
  });

  it("answers the approval job's question across brands without a principal: due, unflagged earnings only", async () => {
    await as(client, {}, async () => {
      const { rows } = await client.query<{ commission_id: string; brand_id: string }>("select * from due_commissions(1000)");
      const ours = rows.filter((r) => [a.brandId, b.brandId].includes(r.brand_id));
      expect(ours.map((r) => r.commission_id).sort()).toEqual([a.commissionId, b.commissionId, crossCommissionId].sort());
      expect(ours.find((r) => r.commission_id === a.heldCommissionId)).toBeUndefined();
      expect(Object.keys(rows[0]!).sort()).toEqual(["brand_id", "commission_id"]);
    });
  });

  it("counts recent sales only for creators the network lists", async () => {
    const query = () => client.query<{ affiliate_id: string; sales: number }>("select * from network_sales_90d($1)", [[a.affiliateId, b.affiliateId]]);
    await as(client, { brand: b.brandId }, async () => expect((await query()).rows).toEqual([]));
    await client.query("begin");
    await client.query("select set_config('app.platform_admin', 'on', true), set_config('app.user_id', $1, true)", [newId("user")]);
    await client.query("update affiliates set network_status = 'approved' where id = $1", [a.affiliateId]);
    await client.query("commit");
    // Its sales in both brands: two earning ones and one commission-less one in brand a, one in brand b.
    await as(client, { brand: b.brandId }, async () => expect((await query()).rows).toEqual([{ affiliate_id: a.affiliateId, sales: 4 }]));
  });

  it("test-mode sales count in neither the network's track record nor the creator's own: a free test sale must not raise a ranking", async () => {
    const query = () => client.query<{ affiliate_id: string; sales: number }>("select * from network_sales_90d($1)", [[a.affiliateId]]);
    const { appDb, close } = pools();
    try {
      const own = () => withPrincipal(appDb, { kind: "affiliate", affiliateId: a.affiliateId }, (tx) => ownSales90d(tx, a.affiliateId));
      const before = await own();
      await as(client, { brand: b.brandId }, async () => expect((await query()).rows).toEqual([{ affiliate_id: a.affiliateId, sales: 4 }]));
      await freshConversion(a, false);
      await freshConversion(a, false);
      await as(client, { brand: b.brandId }, async () => expect((await query()).rows).toEqual([{ affiliate_id: a.affiliateId, sales: 4 }]));
      expect(before).toBe(4);
      expect(await own()).toBe(4);
      await freshConversion(a);
      await as(client, { brand: b.brandId }, async () => expect((await query()).rows).toEqual([{ affiliate_id: a.affiliateId, sales: 5 }]));
      expect(await own()).toBe(5);
    } finally {
      await close();
    }
  });
});
