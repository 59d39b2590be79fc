import type { TestProject } from "vitest/node";
import { startDbBridge } from "../../scripts/local/bridge";
import { provisionDatabase } from "../../scripts/local/database";
import { testPlan } from "./plan";

declare module "vitest" {
  export interface ProvidedContext {
    appDatabaseUrl: string;
    ownerDatabaseUrl: string;
  }
}

/** Starts the real Postgres (embedded unless DATABASE_URL is set) and the bridge once per run. */
export default async function setup(project: TestProject) {
  const plan = testPlan({ pg: 0, bridge: 0 });
  const database = await provisionDatabase({ embeddedDir: plan.dataDir, port: plan.pgPort, persistent: false });
  const bridge = await startDbBridge(plan.bridgePort, [database.target]);
  project.provide("appDatabaseUrl", database.appUrl);
  project.provide("ownerDatabaseUrl", database.ownerUrl);
  return async () => {
    await bridge.close();
    await database.stop();
  };
}
