import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { inject } from "vitest";
import { drizzleOptions, type Db } from "../../../src/infra/db/client";
import { newId } from "../../../src/infra/ids";

export type Principal = { brand?: string; affiliate?: string; user?: string };

/** A connection as the app role: the same role the workers use. */
export async function connectAsApp(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: inject("appDatabaseUrl") });
  await client.connect();
  return client;
}

/**
 * Runs `fn` in a transaction with the principal set the way src/infra/db/principal.ts sets it,
 * then rolls back unless `commit` is asked for, so probes leave nothing behind.
 */
export async function as<T>(client: pg.Client, who: Principal, fn: () => Promise<T>, commit = false): Promise<T> {
  await client.query("begin");
  try {
    await client.query(
      "select set_config('app.brand_id', $1, true), set_config('app.affiliate_id', $2, true), set_config('app.user_id', $3, true)",
      [who.brand ?? "", who.affiliate ?? "", who.user ?? ""],
    );
    const out = await fn();
    await client.query(commit ? "commit" : "rollback");
    return out;
  } catch (err) {
    await client.query("rollback");
    throw err;
  }
}

export interface Tenant {
  brandId: string;
  userId: string;
  affiliateId: string;
  campaignId: string;
  enrollmentId: string;
  linkId: string;
  apiKeyId: string;
}

/** One brand (with a member, campaign, API key) and one affiliate enrolled in it with a link. */
export async function seedTenant(client: pg.Client, label: string): Promise<Tenant> {
  const t: Tenant = {
    brandId: newId("brand"),
    userId: newId("user"),
    affiliateId: newId("affiliate"),
    campaignId: newId("campaign"),
    enrollmentId: newId("enrollment"),
    linkId: newId("link"),
    apiKeyId: newId("apiKey"),
  };
  await as(client, { user: t.userId }, () => client.query("insert into users (id, email) values ($1, $2)", [t.userId, `${t.userId}@${label}.test`]), true);
  await as(
    client,
    { affiliate: t.affiliateId },
    () => client.query("insert into affiliates (id, email, display_name) values ($1, $2, $3)", [t.affiliateId, `${t.affiliateId}@creator.test`, `${label} creator`]),
    true,
  );
  await as(
    client,
    { brand: t.brandId },
    async () => {
      await client.query("insert into brands (id, name) values ($1, $2)", [t.brandId, label]);
      await client.query("insert into brand_members (id, brand_id, user_id, role) values ($1, $2, $3, 'owner')", [newId("member"), t.brandId, t.userId]);
      await client.query(
        `insert into campaigns (id, brand_id, name, destination_url, commission_type, commission_rate_bps, commission_duration, currency)
         values ($1, $2, $3, 'https://x.example', 'percentage', 1000, 'one_time', 'USD')`,
        [t.campaignId, t.brandId, `${label} campaign`],
      );
      await client.query("insert into api_keys (id, brand_id, name, prefix, key_hash) values ($1, $2, 'k', 'rk_test_xxxx', $3)", [t.apiKeyId, t.brandId, `hash-${t.apiKeyId}`]);
    },
    true,
  );
  await consentedEnrollment(client, t);
  await as(
    client,
    { brand: t.brandId },
    () =>
      client.query("insert into tracking_links (id, brand_id, campaign_id, enrollment_id, affiliate_id, code) values ($1, $2, $3, $4, $5, $6)", [
        t.linkId,
        t.brandId,
        t.campaignId,
        t.enrollmentId,
        t.affiliateId,
        `rls-${t.linkId.slice(-10)}`,
      ]),
    true,
  );
  return t;
}

/**
 * An approved enrollment made the only way the database allows: the brand offers
 * (invited), the creator accepts (approved, consent recorded by the trigger).
 */
export async function consentedEnrollment(
  client: pg.Client,
  e: { enrollmentId: string; brandId: string; campaignId: string; affiliateId: string },
): Promise<void> {
  await as(
    client,
    { brand: e.brandId },
    () =>
      client.query("insert into enrollments (id, brand_id, campaign_id, affiliate_id, status, source) values ($1, $2, $3, $4, 'invited', 'api')", [
        e.enrollmentId,
        e.brandId,
        e.campaignId,
        e.affiliateId,
      ]),
    true,
  );
  await as(client, { affiliate: e.affiliateId }, () => client.query("update enrollments set status = 'approved' where id = $1", [e.enrollmentId]), true);
}

/** Every table in the public schema, as the catalog sees it. */
export async function publicTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ relname: string }>(
    "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1",
  );
  return rows.map((r) => r.relname);
}

/** Pools as the app role and as the owner role on the test database. */
export function pools() {
  const app = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 4 });
  const owner = new pg.Pool({ connectionString: inject("ownerDatabaseUrl"), max: 2 });
  return {
    app,
    owner,
    appDb: drizzle({ client: app, ...drizzleOptions }) as unknown as Db,
    close: async () => {
      await app.end();
      await owner.end();
    },
  };
}

/** The Postgres error code a promise rejects with (unwrapping drizzle's wrapper). */
export async function pgCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    let e = err as { code?: string; cause?: unknown } | undefined;
    while (e && typeof e.code !== "string") e = e.cause as typeof e;
    return e?.code;
  }
}
