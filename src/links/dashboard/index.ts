import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerDashboardCreateLink } from "./create";
import { registerDashboardListLinks } from "./list";
import { registerDashboardUpdateLink } from "./update";

export function registerLinkDashboardRoutes(app: DashboardApp) {
  registerDashboardListLinks(app);
  registerDashboardCreateLink(app);
  registerDashboardUpdateLink(app);
}
