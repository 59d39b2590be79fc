import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAsApp, publicTables } from "./support";

let client: pg.Client;
beforeAll(async () => {
  client = await connectAsApp();
});
afterAll(() => client.end());

describe("every table is under forced row-level security", () => {
  it("has tables to check (the catalog query itself works)", async () => {
    expect(await publicTables(client)).toEqual(expect.arrayContaining(["brands", "campaigns", "tracking_links", "api_keys"]));
  });

  it("enables and forces RLS on every table in public", async () => {
    const { rows } = await client.query<{ relname: string; enabled: boolean; forced: boolean }>(
      `select c.relname, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')`,
    );
    const unprotected = rows.filter((r) => !r.enabled || !r.forced).map((r) => r.relname);
    expect(unprotected).toEqual([]);
  });

  it("gives every table at least one policy for the app role", async () => {
    const { rows } = await client.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and not exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and 'rekomi_app' = any(p.roles))`,
    );
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it("keeps SECURITY DEFINER functions narrow: owned by rekomi_lookup, pinned search_path, not executable by PUBLIC", async () => {
    const { rows } = await client.query<{ proname: string; owner: string; config: string[] | null; public_exec: boolean }>(
      `select p.proname, pg_get_userbyid(p.proowner) as owner, p.proconfig as config,
              has_function_privilege('public', p.oid, 'execute') as public_exec
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.prosecdef`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const fn of rows) {
      expect.soft(fn.owner, fn.proname).toBe("rekomi_lookup");
      expect.soft(fn.config ?? [], fn.proname).toContain("search_path=public, pg_temp");
      expect.soft(fn.public_exec, fn.proname).toBe(false);
    }
  });
});

describe("the app role cannot bypass RLS", () => {
  it("is neither superuser nor BYPASSRLS, and cannot create roles or databases", async () => {
    const { rows } = await client.query("select current_user as name, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user");
    expect(rows[0]).toEqual({ name: "rekomi_app", rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
  });

  it("owns no table, function or schema (owners could disable RLS)", async () => {
    const { rows } = await client.query(
      `select 'table' as kind, relname as name from pg_class where relowner = 'rekomi_app'::regrole
       union all select 'function', proname from pg_proc where proowner = 'rekomi_app'::regrole
       union all select 'schema', nspname from pg_namespace where nspowner = 'rekomi_app'::regrole`,
    );
    expect(rows).toEqual([]);
  });

  it("is not a member of any role that could bypass RLS or own tables", async () => {
    const { rows } = await client.query(
      `select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid where m.member = 'rekomi_app'::regrole`,
    );
    expect(rows).toEqual([]);
  });

  it("cannot switch RLS off", async () => {
    await expect(client.query("alter table campaigns disable row level security")).rejects.toThrow(/must be owner/);
    // row_security = off is not a bypass: for a role without BYPASSRLS, a query that
    // policies would filter raises instead of returning everything.
    await client.query("set row_security = off");
    await expect(client.query("select count(*) from campaigns")).rejects.toThrow(/row-level security/);
    await client.query("reset row_security");
  });
});
