import { afterAll, describe, expect, it } from "vitest";
import { pools } from "./helpers";

const { owner, app, close } = pools();
afterAll(close);

describe("row-level security everywhere", () => {
  it("every table has RLS enabled and forced, and at least one policy", async () => {
    const { rows } = await owner.query<{ table: string; enabled: boolean; forced: boolean; policies: number }>(`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and c.relname not like '__drizzle%'`);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r, r.table).toMatchObject({ enabled: true, forced: true, policies: expect.any(Number) });
    for (const r of rows) expect(r.policies, r.table).toBeGreaterThan(0);
  });

  it("the app role is neither superuser nor BYPASSRLS, and owns nothing", async () => {
    const { rows } = await app.query<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>(
      `select rolsuper, rolbypassrls, (select count(*)::int from pg_class where relowner = r.oid) as owned from pg_roles r where rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0 });
  });
});
