import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { describeDbError, isUniqueViolation } from "../../../src/infra/db/errors";
import { edgeSql, SqlError } from "../../../src/infra/edge/sql";
import { newId } from "../../../src/infra/ids";

/**
 * The edge's tagged SQL over HTTP (the protocol of the Neon driver's `neon()`), here
 * against the local bridge's `/sql` (scripts/local/bridge.ts), which answers it from the
 * real Postgres as the role of DATABASE_URL.
 */
describe("edge SQL over HTTP", () => {
  const sql = edgeSql(env);

  it("runs as the app role, binds parameters and parses the types the lookups return", async () => {
    const at = new Date("2026-11-25T09:00:00.123Z");
    const [row] = await sql`select current_user as role, true as yes, false as no, 42::int as small, 9007199254740993::bigint as big,
      1.5::float8 as real, '{"a":[1]}'::jsonb as doc, ${at}::timestamptz as at, '2026-11-25 10:00:00+01'::timestamptz as offset,
      null::text as nothing, ${"it's $1"}::text as text, ${7}::int + 1 as sum, ${null}::text as bound_null`;
    expect(row).toEqual({
      role: "rekomi_app",
      yes: true,
      no: false,
      small: 42,
      big: "9007199254740993",
      real: 1.5,
      doc: { a: [1] },
      at,
      offset: new Date("2026-11-25T09:00:00Z"),
      nothing: null,
      text: "it's $1",
      sum: 8,
      bound_null: null,
    });
    expect(await sql`select 1 as one where false`).toEqual([]);
  });

  it("throws Postgres errors with their code and constraint, as the app's error helpers read them", async () => {
    const err = await sql`select 1 / 0`.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SqlError);
    expect(describeDbError(err)).toBe("22012: division by zero");
    const brandId = newId("brand");
    const setBrand = () => sql`select set_config('app.brand_id', ${brandId}, true)`;
    await sql.transaction([setBrand(), sql`insert into brands (id, name) values (${brandId}, 'Edge SQL')`]);
    const dup = await sql.transaction([setBrand(), sql`insert into brands (id, name) values (${brandId}, 'Again')`]).catch((e: unknown) => e);
    expect(isUniqueViolation(dup)).toBe(true);
  });

  it("runs a batch in one transaction: the principal reaches the next statement, RLS applies, an error rolls it all back", async () => {
    const brandId = newId("brand");
    const setBrand = () => sql`select set_config('app.brand_id', ${brandId}, true)`;
    const failed = await sql.transaction([setBrand(), sql`insert into brands (id, name) values (${brandId}, 'Rolled back')`, sql`select 1 / 0`]).catch((e: unknown) => e);
    expect((failed as SqlError).code).toBe("22012");
    // The same id inserts cleanly: the failed batch left nothing behind.
    const [, inserted, visible] = await sql.transaction([setBrand(), sql`insert into brands (id, name) values (${brandId}, 'Committed') returning id`, sql`select id from brands`]);
    expect(inserted).toEqual([{ id: brandId }]);
    expect(visible).toEqual([{ id: brandId }]);
    // set_config(…, true) ended with its transaction: without a principal, no brand is visible.
    expect(await sql`select id from brands where id = ${brandId}`).toEqual([]);
    expect(await sql`select current_setting('app.brand_id', true) as brand`).toEqual([{ brand: expect.not.stringContaining(brandId) }]);
  });

  it("refuses a connection string for another database (the bridge serves only the configured one)", async () => {
    const other = edgeSql({ ...env, DATABASE_URL: "postgres://rekomi_app:x@127.0.0.1:1/rekomi" });
    await expect(other`select 1`.then(() => "answered")).rejects.toThrow("target not allowed");
  });
});
