import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerBrandCommissionRoutes } from "./brand";
import { registerCreatorEarningsRoutes } from "./creator";

export function registerCommissionDashboardRoutes(app: DashboardApp) {
  registerBrandCommissionRoutes(app);
  registerCreatorEarningsRoutes(app);
}
