import type { DashboardApp } from "../../api/dashboard-types";
import { registerBrandCommissionRoutes } from "./brand";
import { registerCreatorEarningsRoutes } from "./creator";

export function registerCommissionDashboardRoutes(app: DashboardApp) {
  registerBrandCommissionRoutes(app);
  registerCreatorEarningsRoutes(app);
}
