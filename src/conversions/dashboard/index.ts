import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerExportConversions } from "./export";
import { registerDashboardListConversions } from "./list";

export function registerConversionDashboardRoutes(app: DashboardApp) {
  registerExportConversions(app);
  registerDashboardListConversions(app);
}
