import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { as, connectAsApp, publicTables, seedTenant, type Tenant } from "./support";

let client: pg.Client;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  client = await connectAsApp();
  a = await seedTenant(client, "alpha");
  b = await seedTenant(client, "beta");
});
afterAll(() => client.end());

const count = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].count);

describe("brand principal", () => {
  it("sees its own rows", async () => {
    await as(client, { brand: a.brandId }, async () => {
      expect(await count("select count(*) from brands where id = $1", [a.brandId])).toBe(1);
      expect(await count("select count(*) from campaigns where id = $1", [a.campaignId])).toBe(1);
      expect(await count("select count(*) from enrollments where id = $1", [a.enrollmentId])).toBe(1);
      expect(await count("select count(*) from tracking_links where id = $1", [a.linkId])).toBe(1);
      expect(await count("select count(*) from api_keys where id = $1", [a.apiKeyId])).toBe(1);
      expect(await count("select count(*) from affiliates where id = $1", [a.affiliateId])).toBe(1);
      expect(await count("select count(*) from users where id = $1", [a.userId])).toBe(1);
    });
  });

  it("reads nothing of another brand, table by table", async () => {
    await as(client, { brand: a.brandId }, async () => {
      for (const [table, id] of [
        ["brands", b.brandId],
        ["campaigns", b.campaignId],
        ["enrollments", b.enrollmentId],
        ["tracking_links", b.linkId],
        ["api_keys", b.apiKeyId],
        ["affiliates", b.affiliateId],
        ["users", b.userId],
      ] as const) {
        expect.soft(await count(`select count(*) from ${table} where id = $1`, [id]), table).toBe(0);
      }
      expect(await count("select count(*) from brand_members where brand_id = $1", [b.brandId])).toBe(0);
      expect(await count("select count(*) from campaigns where brand_id <> $1", [a.brandId])).toBe(0);
    });
  });

  it("cannot write into another brand", async () => {
    await as(client, { brand: a.brandId }, async () => {
      await expect(
        client.query(
          `insert into campaigns (id, brand_id, name, destination_url, commission_type, commission_rate_bps, commission_duration, currency)
           values ($1, $2, 'stolen', 'https://x.example', 'percentage', 1000, 'one_time', 'USD')`,
          [newId("campaign"), b.brandId],
        ),
      ).rejects.toThrow(/row-level security/);
    });
    await as(client, { brand: a.brandId }, async () => {
      const updated = await client.query("update campaigns set name = 'hijacked' where id = $1", [b.campaignId]);
      expect(updated.rowCount).toBe(0);
      const deleted = await client.query("delete from api_keys where id = $1", [b.apiKeyId]);
      expect(deleted.rowCount).toBe(0);
    });
    await as(client, { brand: a.brandId }, async () => {
      // Moving an own row into another brand is refused by WITH CHECK.
      await expect(client.query("update campaigns set brand_id = $1 where id = $2", [b.brandId, a.campaignId])).rejects.toThrow(/row-level security/);
    });
    await as(client, { brand: b.brandId }, async () => {
      expect((await client.query("select name from campaigns where id = $1", [b.campaignId])).rows[0].name).toBe("beta campaign");
    });
  });

  it("cannot enroll into another brand's campaign even with its own brand_id", async () => {
    await as(client, { brand: a.brandId }, async () => {
      await expect(
        client.query("insert into enrollments (id, brand_id, campaign_id, affiliate_id, status, source) values ($1, $2, $3, $4, 'invited', 'api')", [
          newId("enrollment"),
          a.brandId,
          b.campaignId,
          a.affiliateId,
        ]),
      ).rejects.toThrow(/enrollments_campaign_brand/);
    });
  });
});

describe("affiliate principal", () => {
  it("sees its own enrollments and links, and the campaigns it is in", async () => {
    await as(client, { affiliate: a.affiliateId }, async () => {
      expect(await count("select count(*) from enrollments")).toBe(1);
      expect(await count("select count(*) from tracking_links where affiliate_id = $1", [a.affiliateId])).toBe(1);
      expect(await count("select count(*) from campaigns where id = $1", [a.campaignId])).toBe(1);
      expect(await count("select count(*) from brands where id = $1", [a.brandId])).toBe(1);
    });
  });

  it("sees nothing of another affiliate nor a private campaign it is not in", async () => {
    await as(client, { affiliate: a.affiliateId }, async () => {
      expect(await count("select count(*) from affiliates where id = $1", [b.affiliateId])).toBe(0);
      expect(await count("select count(*) from enrollments where id = $1", [b.enrollmentId])).toBe(0);
      expect(await count("select count(*) from tracking_links where id = $1", [b.linkId])).toBe(0);
      expect(await count("select count(*) from campaigns where id = $1", [b.campaignId])).toBe(0);
      expect(await count("select count(*) from api_keys")).toBe(0);
      expect(await count("select count(*) from brand_members")).toBe(0);
    });
  });

  it("cannot approve itself into a campaign or edit another profile", async () => {
    await as(client, { affiliate: a.affiliateId }, async () => {
      await expect(
        client.query("insert into enrollments (id, brand_id, campaign_id, affiliate_id, status, source) values ($1, $2, $3, $4, 'approved', 'network')", [
          newId("enrollment"),
          b.brandId,
          b.campaignId,
          a.affiliateId,
        ]),
      ).rejects.toThrow(/row-level security/);
    });
    await as(client, { affiliate: a.affiliateId }, async () => {
      expect((await client.query("update affiliates set display_name = 'x' where id = $1", [b.affiliateId])).rowCount).toBe(0);
      expect((await client.query("update enrollments set status = 'approved' where id = $1", [a.enrollmentId])).rowCount).toBe(0);
    });
  });
});

describe("no principal", () => {
  it("sees nothing in any table (fails closed)", async () => {
    await as(client, {}, async () => {
      for (const table of await publicTables(client)) {
        expect.soft(await count(`select count(*) from ${table}`), table).toBe(0);
      }
    });
  });

  it("sees nothing outside a transaction either (no session-level principal leaks)", async () => {
    await as(client, { brand: a.brandId }, async () => {}, true);
    expect(await count("select count(*) from campaigns")).toBe(0);
  });

  it("cannot insert a brand without being its principal", async () => {
    await as(client, {}, async () => {
      await expect(client.query("insert into brands (id, name) values ($1, 'x')", [newId("brand")])).rejects.toThrow(/row-level security/);
    });
  });
});

describe("SECURITY DEFINER lookups answer only their narrow question", () => {
  it("resolves a link code without a principal, and nothing else", async () => {
    await as(client, {}, async () => {
      const code = (await client.query("select code from tracking_links")).rows;
      expect(code).toEqual([]);
    });
    const { rows: link } = await client.query("select code from tracking_links where id = $1", [a.linkId]);
    expect(link).toEqual([]);
    const code = `rls-${a.linkId.slice(-10)}`;
    const { rows } = await client.query("select brand_id, enrollment_id, active from resolve_tracking_link($1)", [code]);
    expect(rows).toEqual([{ brand_id: a.brandId, enrollment_id: a.enrollmentId, active: true }]);
  });
});
