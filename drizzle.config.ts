import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/infra/db/schema; roles, FORCE ROW LEVEL SECURITY, grants and
// SECURITY DEFINER functions live in the custom SQL migrations beside them.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/infra/db/schema/index.ts",
  out: "./migrations",
  casing: "snake_case",
  entities: { roles: { provider: "" } },
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/rekomi" },
});
