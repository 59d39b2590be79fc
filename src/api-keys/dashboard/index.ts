import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerCreateApiKey } from "./create";
import { registerListApiKeys } from "./list";
import { registerRevokeApiKey } from "./revoke";

export function registerApiKeyRoutes(app: DashboardApp) {
  registerListApiKeys(app);
  registerCreateApiKey(app);
  registerRevokeApiKey(app);
}
