import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { as, connectAsApp, seedTenant, type Tenant } from "./support";

let client: pg.Client;
let a: Tenant & Tracked;
let b: Tenant & Tracked;

interface Tracked {
  s2sKeyId: string;
  eventId: string;
  customerId: string;
  conversionId: string;
  clickId: string;
}

/** One row in each tracking table for the tenant, written under its own brand principal. */
async function seedTracking(t: Tenant): Promise<Tenant & Tracked> {
  const ids: Tracked = {
    s2sKeyId: newId("s2sKey"),
    eventId: newId("trackingEvent"),
    customerId: newId("customer"),
    conversionId: newId("conversion"),
    clickId: `clk_${t.linkId}`,
  };
  await as(
    client,
    { brand: t.brandId },
    async () => {
      await client.query("insert into s2s_keys (id, brand_id, name, secret_ciphertext, secret_hint) values ($1, $2, 'k', 'v1.sealed', 'whsec_…abcd')", [ids.s2sKeyId, t.brandId]);
      await client.query(
        "insert into tracking_events (id, brand_id, source, delivery_id, key_id, type, payload, received_at) values ($1, $2, 's2s', 'msg_1', $3, 'sale', '{}', now())",
        [ids.eventId, t.brandId, ids.s2sKeyId],
      );
      await client.query(
        `insert into clicks (id, brand_id, campaign_id, enrollment_id, affiliate_id, link_id, clicked_at) values ($1, $2, $3, $4, $5, $6, now())`,
        [ids.clickId, t.brandId, t.campaignId, t.enrollmentId, t.affiliateId, t.linkId],
      );
      await client.query(
        `insert into link_daily_clicks (link_id, day, brand_id, campaign_id, enrollment_id, affiliate_id, clicks) values ($1, current_date, $2, $3, $4, $5, 1)`,
        [t.linkId, t.brandId, t.campaignId, t.enrollmentId, t.affiliateId],
      );
      await client.query("insert into customers (id, brand_id, external_id, email) values ($1, $2, 'cus_shared', 'buyer@example.com')", [ids.customerId, t.brandId]);
      await client.query(
        `insert into conversions (id, brand_id, type, source_event_id, customer_id, affiliate_id, enrollment_id, campaign_id, amount, currency, invoice_id, occurred_at, attribution, trail)
         values ($1, $2, 'sale', $3, $4, $5, $6, $7, 100, 'USD', 'in_1', now(), '{"via":"click"}', 'test')`,
        [ids.conversionId, t.brandId, ids.eventId, ids.customerId, t.affiliateId, t.enrollmentId, t.campaignId],
      );
    },
    true,
  );
  return { ...t, ...ids };
}

beforeAll(async () => {
  client = await connectAsApp();
  a = await seedTracking(await seedTenant(client, "track-a"));
  b = await seedTracking(await seedTenant(client, "track-b"));
});
afterAll(() => client.end());

const count = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].count);
const TABLES = ["s2s_keys", "tracking_events", "clicks", "link_daily_clicks", "customers", "conversions"] as const;

describe("tracking tables under forced RLS", () => {
  it("a brand sees its own tracking rows and none of another brand's", async () => {
    await as(client, { brand: a.brandId }, async () => {
      for (const table of TABLES) {
        expect.soft(await count(`select count(*) from ${table} where brand_id = $1`, [a.brandId]), table).toBe(1);
        expect.soft(await count(`select count(*) from ${table} where brand_id <> $1`, [a.brandId]), table).toBe(0);
      }
      // Same customer id in both brands: each brand sees exactly its own.
      expect(await count("select count(*) from customers where external_id = 'cus_shared'")).toBe(1);
    });
  });

  it("an affiliate sees its clicks, rollups and credited conversions, never customers, events or keys", async () => {
    await as(client, { affiliate: a.affiliateId }, async () => {
      expect(await count("select count(*) from clicks")).toBe(1);
      expect(await count("select count(*) from link_daily_clicks")).toBe(1);
      expect(await count("select count(*) from conversions")).toBe(1);
      for (const table of ["customers", "tracking_events", "s2s_keys"]) expect.soft(await count(`select count(*) from ${table}`), table).toBe(0);
    });
  });

  it("keeps clicks and received events append-only, and conversions undeletable, even for their own brand", async () => {
    for (const statement of ["update clicks set country = 'XX'", "delete from clicks", "update tracking_events set type = 'lead'", "delete from tracking_events", "delete from conversions"]) {
      await expect(as(client, { brand: a.brandId }, () => client.query(statement)), statement).rejects.toThrow(/permission denied/);
    }
  });

  it("cannot credit another brand's enrollment or write rows for another brand", async () => {
    await expect(
      as(client, { brand: a.brandId }, () =>
        client.query("update customers set click_id = 'clk_x', link_id = $1, enrollment_id = $2, campaign_id = $3, affiliate_id = $4, clicked_at = now(), window_days = 30, attribution_model = 'last_click', bound_at = now() where id = $5", [
          b.linkId,
          b.enrollmentId,
          b.campaignId,
          b.affiliateId,
          a.customerId,
        ]),
      ),
    ).rejects.toThrow(/customers_enrollment/);
    await expect(
      as(client, { brand: a.brandId }, () => client.query("insert into clicks (id, brand_id, campaign_id, enrollment_id, affiliate_id, link_id, clicked_at) values ('clk_y', $1, $2, $3, $4, $5, now())", [b.brandId, b.campaignId, b.enrollmentId, b.affiliateId, b.linkId])),
    ).rejects.toThrow(/row-level security/);
  });

  it("answers the edge's key lookup for one key id without a principal, and nothing else", async () => {
    await as(client, {}, async () => {
      const { rows } = await client.query("select * from s2s_key_for_ingest($1)", [a.s2sKeyId]);
      expect(rows).toEqual([
        {
          key_id: a.s2sKeyId,
          brand_id: a.brandId,
          secret_ciphertext: "v1.sealed",
          previous_secret_ciphertext: null,
          previous_secret_expires_at: null,
          revoked: false,
          brand_active: true,
        },
      ]);
      expect((await client.query("select * from s2s_key_for_ingest($1)", ["ssk_nope"])).rows).toEqual([]);
      expect(await count("select count(*) from s2s_keys")).toBe(0);
    });
  });
});
