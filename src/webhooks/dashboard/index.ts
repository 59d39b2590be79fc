import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerDashboardDeliveryRoutes } from "./deliveries";
import { registerDashboardEndpointRoutes } from "./endpoints";

export function registerWebhookDashboardRoutes(app: DashboardApp) {
  registerDashboardEndpointRoutes(app);
  registerDashboardDeliveryRoutes(app);
}
