import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP_ROLE_PASSWORD, appRoleUrl, embeddedOwnerUrl } from "../../scripts/local/database";

/**
 * Where the test database and bridge will listen, decided when vitest.config.ts loads so
 * the workerd projects can receive the URLs as bindings; test/support/global-setup.ts then
 * starts them on exactly these ports. Shared through process.env (same process).
 */
export interface TestPlan {
  pgPort: number;
  bridgePort: number;
  /** The payment gateways' local stand-ins (scripts/local/stand-ins), reached by the workers as STRIPE_API_URL / PADDLE_API_URL / BRAINTREE_API_URL. */
  stripePort: number;
  paddlePort: number;
  braintreePort: number;
  dataDir: string;
  /** URL the workers and RLS tests use (app role). */
  appUrl: string;
  /** Owner role: only test fixtures that do what only operators may (make a platform admin). */
  ownerUrl: string;
}

/** As root, Postgres runs as the `postgres` user, which must be able to enter the directory. */
function worldReadableTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rekomi-test-"));
  chmodSync(dir, 0o755);
  return dir;
}

export function testPlan(ports: { pg: number; bridge: number; stripe: number; paddle: number; braintree: number }): TestPlan {
  const existing = process.env.REKOMI_TEST_PLAN;
  if (existing) return JSON.parse(existing) as TestPlan;
  const owner = process.env.DATABASE_URL ?? embeddedOwnerUrl(ports.pg);
  const plan: TestPlan = {
    pgPort: ports.pg,
    bridgePort: ports.bridge,
    stripePort: ports.stripe,
    paddlePort: ports.paddle,
    braintreePort: ports.braintree,
    dataDir: join(worldReadableTempDir(), "pgdata"),
    appUrl: process.env.APP_DATABASE_URL ?? appRoleUrl(owner),
    ownerUrl: owner,
  };
  process.env.REKOMI_TEST_PLAN = JSON.stringify(plan);
  return plan;
}

export { APP_ROLE_PASSWORD };
