import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { newId } from "../../../src/infra/ids";
import { as, pgCode, pools } from "./support";

// The guard triggers must hold for whoever acts with the app role's privileges, not only for
// a login literally named rekomi_app: production may log in as another role granted it.
const { app, owner, close } = pools();
const memberRole = `rekomi_app_member_${Math.random().toString(36).slice(2, 10)}`;
let member: pg.Client;

beforeAll(async () => {
  await owner.query(`create role ${memberRole} login password 'member-pass' in role rekomi_app`);
  const url = new URL(inject("appDatabaseUrl"));
  url.username = memberRole;
  url.password = "member-pass";
  member = new pg.Client({ connectionString: url.toString() });
  await member.connect();
});

afterAll(async () => {
  await member?.end();
  await owner.query(`drop role if exists ${memberRole}`);
  await close();
});

const INSUFFICIENT_PRIVILEGE = "42501";

describe("guard triggers recognise every member of rekomi_app", () => {
  it("the member role is really acting as the app (inherits its grants, not rekomi_app by name)", async () => {
    const { rows } = await member.query("select current_user as who, pg_has_role(current_user, 'rekomi_app', 'USAGE') as inherits");
    expect(rows[0]).toEqual({ who: memberRole, inherits: true });
  });

  it("users_guard_privileged_columns: a member cannot make itself a platform admin or lift a suspension", async () => {
    const userId = newId("user");
    await as(member, { user: userId }, () => member.query("insert into users (id, email) values ($1, $2)", [userId, `${userId}@guard.test`]), true);
    expect(await pgCode(as(member, { user: userId }, () => member.query("update users set is_platform_admin = true where id = $1", [userId])))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await pgCode(as(member, { user: userId }, () => member.query("update users set suspended_at = now() where id = $1", [userId])))).toBe(INSUFFICIENT_PRIVILEGE);
    const born = newId("user");
    expect(
      await pgCode(as(member, { user: born }, () => member.query("insert into users (id, email, is_platform_admin) values ($1, $2, true)", [born, `${born}@guard.test`]))),
    ).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("brands_guard_status: a member cannot suspend or reinstate a brand", async () => {
    const brandId = newId("brand");
    await as(member, { brand: brandId }, () => member.query("insert into brands (id, name) values ($1, 'Guarded')", [brandId]), true);
    expect(await pgCode(as(member, { brand: brandId }, () => member.query("update brands set status = 'suspended' where id = $1", [brandId])))).toBe(INSUFFICIENT_PRIVILEGE);
    const born = newId("brand");
    expect(await pgCode(as(member, { brand: born }, () => member.query("insert into brands (id, name, status) values ($1, 'x', 'suspended')", [born])))).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });

  it("affiliates_guard_network: a member cannot list its own creator profile in the network", async () => {
    const affiliateId = newId("affiliate");
    await as(
      member,
      { affiliate: affiliateId },
      () => member.query("insert into affiliates (id, email, display_name) values ($1, $2, 'Guarded')", [affiliateId, `${affiliateId}@guard.test`]),
      true,
    );
    expect(
      await pgCode(as(member, { affiliate: affiliateId }, () => member.query("update affiliates set network_status = 'approved' where id = $1", [affiliateId]))),
    ).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("campaigns_guard_listing: a member cannot approve its own listing, and a listing it makes is born pending", async () => {
    const brandId = newId("brand");
    const campaignId = newId("campaign");
    const [born] = await as(
      member,
      { brand: brandId },
      async () => {
        await member.query("insert into brands (id, name) values ($1, 'Guarded')", [brandId]);
        const { rows } = await member.query<{ listing_status: string }>(
          `insert into campaigns (id, brand_id, name, destination_url, commission_type, commission_rate_bps, commission_duration, currency, visibility, listing_status)
           values ($1, $2, 'Listed', 'https://x.example', 'percentage', 1000, 'one_time', 'USD', 'listed', 'approved') returning listing_status`,
          [campaignId, brandId],
        );
        return rows;
      },
      true,
    );
    expect(born).toEqual({ listing_status: "pending" });
    for (const status of ["approved", "rejected"]) {
      expect(await pgCode(as(member, { brand: brandId }, () => member.query("update campaigns set listing_status = $2 where id = $1", [campaignId, status])))).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
    }
  });

  it("the app role itself is still guarded", async () => {
    const client = await app.connect();
    try {
      const brandId = newId("brand");
      await client.query("begin");
      await client.query("select set_config('app.brand_id', $1, true)", [brandId]);
      await client.query("insert into brands (id, name) values ($1, 'x')", [brandId]);
      expect(await pgCode(client.query("update brands set status = 'suspended' where id = $1", [brandId]))).toBe(INSUFFICIENT_PRIVILEGE);
      await client.query("rollback");
    } finally {
      client.release();
    }
  });
});
