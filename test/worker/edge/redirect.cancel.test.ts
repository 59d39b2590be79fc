import { SELF } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAffiliate, createBrand, enroll, usingDb } from "../support/fixtures";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/**
 * Two real requests to the edge worker (SELF: each its own request context in the same
 * isolate), the first cancelled by its client while its link lookup waits on Postgres.
 * A lookup shared across requests would leave the second waiting on the cancelled one's
 * fetch, which never settles, and the code stuck for the isolate's life.
 */
describe("GET /c/{code} while another request for the code was cancelled mid-lookup", () => {
  it("redirects the next request with its own lookup", async () => {
    const brand = await createBrand();
    const { affiliateId } = await createAffiliate();
    const { code } = await enroll(brand, affiliateId);
    const redirect = (signal?: AbortSignal) => SELF.fetch(`https://go.rekomi.test/c/${code}`, { redirect: "manual", headers: { "user-agent": BROWSER }, ...(signal ? { signal } : {}) });

    const second = await usingDb((db) =>
      db.transaction(async (tx) => {
        // Every link lookup waits behind this lock until the transaction ends.
        await tx.execute(sql`lock table tracking_links in access exclusive mode`);
        const waiting = async () => {
          const result = (await tx.execute(sql`select count(*)::int as n from pg_locks where relation = 'tracking_links'::regclass and not granted`)) as unknown as { rows: { n: number }[] };
          return result.rows[0]!.n;
        };
        const abort = new AbortController();
        const first = redirect(abort.signal).catch((err: unknown) => err);
        while ((await waiting()) < 1) await new Promise((r) => setTimeout(r, 10));
        abort.abort();
        expect(await first).toBeInstanceOf(Error);
        // Sent while the lock still holds the first lookup; awaited only once the lock is gone.
        return { pending: redirect() };
      }),
    );
    const res = await second.pending;
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBeTruthy();
  });
});
