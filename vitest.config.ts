import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { freePort } from "./scripts/local/ports";
import { testPlan } from "./test/support/plan";

// One real Postgres and one bridge serve every tier; their ports are fixed here so the
// workerd projects can get the URLs as bindings (see test/support/plan.ts).
const plan = testPlan({ pg: await freePort(), bridge: await freePort(), stripe: await freePort(), paddle: await freePort(), braintree: await freePort() });

const workerBindings = {
  DATABASE_URL: plan.appUrl,
  LOCAL_DB_BRIDGE: `127.0.0.1:${plan.bridgePort}`,
  APP_ENV: "test",
  TRACKING_BASE_URL: "https://go.rekomi.test",
  SECRETS_ENCRYPTION_KEY: btoa("rekomi-test-secrets-key-32-bytes"),
  // What test requests use (test/worker/support/fixtures.ts ORIGIN); wrangler.toml has production's.
  APP_ORIGIN: "http://worker.test",
  // wrangler.toml sends mail through Resend; tests keep it in the dev mailbox.
  EMAIL_TRANSPORT: "mailbox",
  // Test-only secrets: sessions and password hashes made in tests mean nothing elsewhere.
  SESSION_SECRET: "test-session-secret-0123456789abcdef0123456789",
  PASSWORD_PEPPER: "test-password-pepper-0123456789abcdef012345678",
  FILE_URL_SECRET: "test-file-url-secret-0123456789abcdef01234567",
  CLICK_SIGNING_SECRET: "rekomi-test-click-signing-secret-0123456789",
  // The gateways' APIs are the local stand-ins started by test/support/global-setup.ts.
  STRIPE_API_URL: `http://127.0.0.1:${plan.stripePort}`,
  PADDLE_API_URL: `http://127.0.0.1:${plan.paddlePort}`,
  BRAINTREE_API_URL: `http://127.0.0.1:${plan.braintreePort}`,
  // Rekomi's platform account for payouts, at the Stripe stand-in; the edge verifies the
  // stand-in's platform and Connect events with these secrets.
  STRIPE_SECRET_KEY: "sk_test_rekomiplatform",
  STRIPE_WEBHOOK_SECRET: "whsec_rekomi_test_platform",
  STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_rekomi_test_connect",
};

// wrangler.toml binds the edge worker as EDGE (the status probe); the edge does not run in the
// worker-app project, so there the binding answers 502 and tests pass their own edge to the probe.
const noEdge = { EDGE: async () => new Response("the edge worker does not run in this test project", { status: 502 }) };

const workerProject = (name: string, configPath: string, extra: Record<string, string> = {}) => ({
  plugins: [cloudflareTest({ wrangler: { configPath }, miniflare: { bindings: { ...workerBindings, ...extra }, ...(configPath === "./wrangler.toml" ? { serviceBindings: noEdge } : {}) } })],
  test: { name, include: [`test/worker/${name.replace("worker-", "")}/**/*.test.ts`], testTimeout: 20_000 },
});

export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    projects: [
      { test: { name: "unit", include: ["test/node/unit/**/*.test.ts"], environment: "node" } },
      { test: { name: "rls", include: ["test/node/rls/**/*.test.ts"], environment: "node", testTimeout: 20_000 } },
      // Fixtures only (never the worker): making a platform admin is an operator's act.
      workerProject("worker-app", "./wrangler.toml", { TEST_OWNER_DATABASE_URL: plan.ownerUrl }),
      workerProject("worker-edge", "./workers/edge/wrangler.toml"),
      // Real headless Chromium against the real dev stack (it starts its own; see the test).
      { test: { name: "browser", include: ["test/browser/**/*.test.ts"], environment: "node", testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
