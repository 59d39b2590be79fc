import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerDashboardCreateS2sKey } from "./create";
import { registerDashboardListS2sKeys } from "./list";
import { registerDashboardRevokeS2sKey } from "./revoke";
import { registerDashboardRotateS2sKey } from "./rotate";

export function registerS2sKeyDashboardRoutes(app: DashboardApp) {
  registerDashboardListS2sKeys(app);
  registerDashboardCreateS2sKey(app);
  registerDashboardRotateS2sKey(app);
  registerDashboardRevokeS2sKey(app);
}
