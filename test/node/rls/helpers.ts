import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { inject } from "vitest";
import { drizzleOptions, type Db } from "../../../src/db/client";

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
