import { rmSync } from "node:fs";
import { dirname } from "node:path";
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
