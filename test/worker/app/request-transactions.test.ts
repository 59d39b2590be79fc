import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "../../../src/infra/db/client";
import { readAs, withPrincipal } from "../../../src/infra/db/principal";

/**
 * The request connection's transactions (src/infra/db/client.ts `transactionStartingWith`):
 * BEGIN and the principal in one message, read-only transactions opened READ ONLY. What
 * must hold: each transaction sees exactly its own principal,
 * whatever ran before it on the connection; a read-only one cannot write; an error rolls
 * back and the connection stays usable.
 */

const settings = sql`select current_setting('app.brand_id') as brand, current_setting('app.affiliate_id') as affiliate, current_setting('app.user_id') as "user", current_setting('app.platform_admin') as admin, current_setting('transaction_read_only') as read_only`;

const rowOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows[0];

async function withRequestDb<T>(fn: (db: ReturnType<typeof openDb>["db"]) => Promise<T>): Promise<T> {
  const { db, close } = openDb({ DATABASE_URL: env.DATABASE_URL, LOCAL_DB_BRIDGE: env.LOCAL_DB_BRIDGE });
  try {
    return await fn(db);
  } finally {
    await close();
  }
}

describe("request transactions", () => {
  it("give each transaction its own principal only, whatever ran before on the connection", async () => {
    await withRequestDb(async (db) => {
      const first = await readAs(db, { kind: "brand", brandId: "brd_one", userId: "usr_one" }, async (tx) => rowOf(await tx.execute(settings)));
      expect(first).toEqual({ brand: "brd_one", affiliate: "", user: "usr_one", admin: "", read_only: "on" });
      // The next read-only transaction may reuse the same connection.
      const second = await readAs(db, { kind: "affiliate", affiliateId: "aff_two" }, async (tx) => rowOf(await tx.execute(settings)));
      expect(second).toEqual({ brand: "", affiliate: "aff_two", user: "", admin: "", read_only: "on" });
      const write = await withPrincipal(db, { kind: "platform_admin", userId: "usr_three" }, async (tx) => rowOf(await tx.execute(settings)));
      expect(write).toEqual({ brand: "", affiliate: "", user: "usr_three", admin: "on", read_only: "off" });
      // Outside any principal transaction, nothing is left set.
      const bare = rowOf(await db.execute(sql`select coalesce(current_setting('app.brand_id', true), '') as brand`));
      expect(bare).toEqual({ brand: "" });
    });
  });

  it("refuse writes in a read-only transaction, roll back on error and keep the connection usable", async () => {
    await withRequestDb(async (db) => {
      const refused = await readAs(db, { kind: "user", userId: "usr_ro" }, (tx) => tx.execute(sql`create temporary table request_tx_probe (n int)`)).then(
        () => "written",
        (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
      );
      expect(refused).toMatch(/read-only transaction/);
      await expect(
        withPrincipal(db, { kind: "user", userId: "usr_rw" }, async (tx) => {
          // A session-level setting: undone with the transaction that made it.
          await tx.execute(sql`select set_config('app.request_tx_probe', 'kept', false)`);
          throw new Error("abandon");
        }),
      ).rejects.toThrow("abandon");
      const after = await withPrincipal(db, { kind: "user", userId: "usr_rw" }, async (tx) => rowOf(await tx.execute(sql`select coalesce(current_setting('app.request_tx_probe', true), '') as probe`)));
      expect(after).toEqual({ probe: "" });
    });
  });

  it("never write a principal value that is not a plain id into SQL text", async () => {
    await withRequestDb(async (db) => {
      const odd = "usr_x'); select pg_sleep(0); --";
      const seen = await readAs(db, { kind: "user", userId: odd }, async (tx) => rowOf(await tx.execute(settings)));
      // Bound as a parameter instead: the value arrives whole.
      expect(seen).toMatchObject({ user: odd, read_only: "on" });
    });
  });
});
