import { rmSync } from "node:fs";
import { dirname } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startDbBridge } from "../../scripts/local/bridge";
import { provisionDatabase } from "../../scripts/local/database";
import { testPlan } from "./plan";
import { startBraintreeStandIn } from "../../scripts/local/stand-ins/braintree";
import { startPaddleStandIn } from "../../scripts/local/stand-ins/paddle";
import { startStripeStandIn } from "../../scripts/local/stand-ins/stripe";
import { startWebhookSink } from "./webhook-sink";

/**
 * Starts the real Postgres (embedded unless DATABASE_URL is set), the bridge, a real
 * webhook receiver and the Stripe, Paddle and Braintree stand-ins once per run.
 */
export default async function setup(project: TestProject) {
  const plan = testPlan({ pg: 0, bridge: 0, stripe: 0, paddle: 0, braintree: 0 });
  const database = await provisionDatabase({ embeddedDir: plan.dataDir, port: plan.pgPort, persistent: false });
  const bridge = await startDbBridge(plan.bridgePort, [database.target]);
  project.provide("appDatabaseUrl", database.appUrl);
  project.provide("ownerDatabaseUrl", database.ownerUrl);
  project.provide("scratchOwnerDatabaseUrl", await scratchDatabase(database));
  const sink = await startWebhookSink();
  project.provide("webhookSinkUrl", sink.url);
  const stripe = await startStripeStandIn({ port: plan.stripePort });
  const paddle = await startPaddleStandIn({ port: plan.paddlePort });
  const braintree = await startBraintreeStandIn({ port: plan.braintreePort });
  return async () => {
    await stripe.stop();
    await paddle.stop();
    await braintree.stop();
    await sink.close();
    await bridge.close();
    await database.stop();
    // The throw-away directory plan.ts made around the data directory.
    rmSync(dirname(plan.dataDir), { recursive: true, force: true });
  };
}

/**
 * An empty database owned by the owner role, for tests that run the migrations themselves
 * (test/node/rls/migrations.rls.test.ts). Embedded: made by the superuser. With DATABASE_URL:
 * made by the owner if it may (CREATEDB); otherwise "" and those tests say why they fail.
 */
async function scratchDatabase(database: { ownerUrl: string; superuserUrl?: string }): Promise<string> {
  const name = `rekomi_scratch_${process.pid}`;
  const owner = new URL(database.ownerUrl);
  const admin = new pg.Client({ connectionString: database.superuserUrl ?? database.ownerUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name} owner ${decodeURIComponent(owner.username)}`);
  } catch {
    return "";
  } finally {
    await admin.end();
  }
  owner.pathname = `/${name}`;
  return owner.toString();
}
