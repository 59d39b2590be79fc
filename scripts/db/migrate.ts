import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { fileURLToPath } from "node:url";
import { runEntryPoint, SetupError } from "../local/setup-error";
import { connectAsOwner } from "./preflight";

const MIGRATIONS = fileURLToPath(new URL("../../migrations", import.meta.url));

/**
 * Applies every pending migration as the owner role (the one in `ownerUrl`), after the
 * checks of preflight.ts (reachable, PostgreSQL 16+, CREATEROLE).
 */
export async function migrateDatabase(ownerUrl: string): Promise<void> {
  const client = await connectAsOwner(ownerUrl);
  try {
    await client.query("set client_min_messages = warning");
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
  } catch (err) {
    // Drizzle wraps the server's error; a missing privilege is the owner's setup, not a bug.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === "42501") throw new SetupError(`a migration was refused: ${cause.message}. Run migrations as the database's owner role, with CREATEROLE (see README, "Database roles").`);
    throw err;
  } finally {
    await client.end();
  }
}

// `npm run db:migrate`: DATABASE_URL must name the owner role.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runEntryPoint("db:migrate", async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new SetupError("DATABASE_URL is not set: point it at the database as its owner role.");
    await migrateDatabase(url);
    console.log("migrations applied");
  });
}
