import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { as, connectAsApp, seedTenant, type Tenant } from "./support";

let client: pg.Client;
let a: Tenant & { letterId: string };
let b: Tenant & { letterId: string };

async function seed(t: Tenant): Promise<Tenant & { letterId: string }> {
  const letterId = newId("deadLetter");
  await as(
    client,
    { brand: t.brandId },
    () =>
      client.query("insert into dead_letters (id, brand_id, queue, dedupe_key, raw, error, attempts) values ($1, $2, 'rekomi-events', $3, '{}', 'boom', 1)", [letterId, t.brandId, `tev_${letterId}`]),
    true,
  );
  return { ...t, letterId };
}

beforeAll(async () => {
  client = await connectAsApp();
  a = await seed(await seedTenant(client, "dlt-a"));
  b = await seed(await seedTenant(client, "dlt-b"));
});
afterAll(() => client.end());

const count = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].count);

/** As Rekomi staff: the principal flag the platform-admin sessions set. */
async function asStaff<T>(fn: () => Promise<T>): Promise<T> {
  await client.query("begin");
  try {
    await client.query("select set_config('app.user_id', 'usr_staff', true), set_config('app.platform_admin', 'on', true)");
    return await fn();
  } finally {
    await client.query("rollback");
  }
}

describe("dead letters under forced RLS", () => {
  it("a brand reads its own dead letters only, and cannot write another brand's or a brandless one", async () => {
    await as(client, { brand: a.brandId }, async () => {
      expect(await count("select count(*) from dead_letters")).toBe(1);
      expect(await count("select count(*) from dead_letters where id = $1", [b.letterId])).toBe(0);
    });
    for (const brandId of [b.brandId, null]) {
      await expect(
        as(client, { brand: a.brandId }, () => client.query("insert into dead_letters (id, brand_id, queue, dedupe_key, raw, error, attempts) values ($1, $2, 'rekomi-events', $1, '{}', 'x', 1)", [newId("deadLetter"), brandId])),
      ).rejects.toThrow(/row-level security/);
    }
  });

  it("staff read every brand's; nobody deletes one or rewrites what it holds", async () => {
    await asStaff(async () => expect(await count("select count(*) from dead_letters where id = any($1)", [[a.letterId, b.letterId]])).toBe(2));
    for (const statement of ["delete from dead_letters", "update dead_letters set raw = '{}'"]) {
      await expect(as(client, { brand: a.brandId }, () => client.query(statement)), statement).rejects.toThrow(/permission denied/);
    }
    expect(await as(client, {}, () => count("select count(*) from dead_letters"))).toBe(0);
  });

  it("claims of S2S delivery ids are written only by claim_event_delivery, which answers new, same and conflict", async () => {
    await expect(
      as(client, { brand: a.brandId }, () => client.query("insert into event_delivery_claims (brand_id, source, delivery_id, body_sha256) values ($1, 's2s', 'm', 'h')", [a.brandId])),
    ).rejects.toThrow(/permission denied/);
    const claim = (brandId: string, sha: string) =>
      as(client, {}, async () => (await client.query("select outcome from claim_event_delivery($1, 's2s', 'msg_rls', $2, null, null, null)", [brandId, sha])).rows[0].outcome as string, true);
    expect(await claim(a.brandId, "h1")).toBe("new");
    expect(await claim(a.brandId, "h1")).toBe("same");
    expect(await claim(a.brandId, "h2")).toBe("conflict");
    // The same id under another brand is another claim.
    expect(await claim(b.brandId, "h2")).toBe("new");
    await as(client, { brand: b.brandId }, async () => expect(await count("select count(*) from event_delivery_claims")).toBe(1));
  });
});
