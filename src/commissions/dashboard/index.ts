import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerCreatorEarningsRoutes } from "./creator";
import { registerExportCommissions } from "./export";

/** The dashboard-only commission routes: the brand's CSV export and the creator's earnings. */
export function registerCommissionDashboardRoutes(app: DashboardApp) {
  registerExportCommissions(app);
  registerCreatorEarningsRoutes(app);
}
