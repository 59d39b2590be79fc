import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { newId } from "../../../src/infra/ids";
import { as } from "./support";

/**
 * Data migrations run as the owner role, which is not a superuser: on a table with FORCE
 * ROW LEVEL SECURITY no policy admits it, so an UPDATE there silently touches nothing unless
 * the migration lifts FORCE first. These tests migrate an empty database up to just before
 * a data migration, seed rows as the app would have written them, then run the rest.
 */
const MIGRATIONS = fileURLToPath(new URL("../../../migrations", import.meta.url));
const scratchUrl = inject("scratchOwnerDatabaseUrl");
let owner: pg.Client;
let app: pg.Client;
let cut: string;

/** A copy of the migrations folder whose journal stops after migration `last` (e.g. "0038"). */
function migrationsUpTo(last: string): string {
  const dir = mkdtempSync(join(tmpdir(), "rekomi-migrations-"));
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag.slice(0, 4) <= last);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

beforeAll(async () => {
  if (!scratchUrl) {
    throw new Error("No scratch database: these tests need the embedded PostgreSQL, or an owner role with CREATEDB when DATABASE_URL is set (test/support/global-setup.ts).");
  }
  owner = new pg.Client({ connectionString: scratchUrl });
  await owner.connect();
  await owner.query("set client_min_messages = warning");
  cut = migrationsUpTo("0038");
  await migrate(drizzle({ client: owner }), { migrationsFolder: cut });
  // The app role (made and given a login by the test run's own database) on the scratch database.
  const appUrl = new URL(scratchUrl);
  const appRole = new URL(inject("appDatabaseUrl"));
  appUrl.username = appRole.username;
  appUrl.password = appRole.password;
  app = new pg.Client({ connectionString: appUrl.toString() });
  await app.connect();
}, 120_000);

afterAll(async () => {
  await app?.end();
  await owner?.end();
  if (cut) rmSync(cut, { recursive: true, force: true });
});

describe("migration 0039 (listing review)", () => {
  it("approves campaigns that were already listed, through FORCE row level security", async () => {
    const brandId = newId("brand");
    const listed = newId("campaign");
    const unlisted = newId("campaign");
    await as(
      app,
      { brand: brandId },
      async () => {
        await app.query("insert into brands (id, name) values ($1, 'Listed before review')", [brandId]);
        for (const [id, visibility] of [
          [listed, "listed"],
          [unlisted, "private"],
        ] as const) {
          await app.query(
            `insert into campaigns (id, brand_id, name, destination_url, commission_type, commission_rate_bps, commission_duration, currency, visibility)
             values ($1, $2, 'Old', 'https://x.example', 'percentage', 1000, 'one_time', 'USD', $3)`,
            [id, brandId, visibility],
          );
        }
      },
      true,
    );
    // Before 0039: no review yet.
    const before = await as(app, { brand: brandId }, () => app.query("select listing_status from campaigns where id = $1", [listed]));
    expect(before.rows).toEqual([{ listing_status: null }]);

    await migrate(drizzle({ client: owner }), { migrationsFolder: MIGRATIONS });

    const after = await as(app, { brand: brandId }, () =>
      app.query<{ id: string; listing_status: string | null; listing_reviewed_at: Date | null; listing_reviewed_by: string | null }>(
        "select id, listing_status, listing_reviewed_at, listing_reviewed_by from campaigns where brand_id = $1",
        [brandId],
      ),
    );
    const byId = new Map(after.rows.map((r) => [r.id, r]));
    expect(byId.get(listed)).toMatchObject({ listing_status: "approved", listing_reviewed_by: null });
    expect(byId.get(listed)!.listing_reviewed_at).toBeInstanceOf(Date);
    expect(byId.get(unlisted)).toMatchObject({ listing_status: null });
    // FORCE is back: the owner itself reads nothing of the table.
    const forced = await owner.query<{ relforcerowsecurity: boolean }>("select relforcerowsecurity from pg_class where relname = 'campaigns'");
    expect(forced.rows).toEqual([{ relforcerowsecurity: true }]);
    expect((await owner.query("select 1 from campaigns")).rowCount).toBe(0);
  }, 120_000);
});
