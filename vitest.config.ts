import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { freePort } from "./scripts/local/ports";
import { testPlan } from "./test/support/plan";

// One real Postgres and one bridge serve every tier; their ports are fixed here so the
// workerd projects can get the URLs as bindings (see test/support/plan.ts).
const plan = testPlan({ pg: await freePort(), bridge: await freePort() });

const workerBindings = {
  DATABASE_URL: plan.appUrl,
  LOCAL_DB_BRIDGE: `127.0.0.1:${plan.bridgePort}`,
  APP_ENV: "test",
  TRACKING_BASE_URL: "https://go.rekomi.test",
  SECRETS_ENCRYPTION_KEY: btoa("rekomi-test-secrets-key-32-bytes"),
  CLICK_SIGNING_SECRET: "rekomi-test-click-signing-secret-0123456789",
};

const workerProject = (name: string, configPath: string) => ({
  plugins: [cloudflareTest({ wrangler: { configPath }, miniflare: { bindings: workerBindings } })],
  test: { name, include: [`test/worker/${name.replace("worker-", "")}/**/*.test.ts`], testTimeout: 20_000 },
});

export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    projects: [
      { test: { name: "unit", include: ["test/node/unit/**/*.test.ts"], environment: "node" } },
      { test: { name: "rls", include: ["test/node/rls/**/*.test.ts"], environment: "node", testTimeout: 20_000 } },
      workerProject("worker-app", "./wrangler.toml"),
      workerProject("worker-edge", "./workers/edge/wrangler.toml"),
    ],
  },
});
