import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerDashboardCreateCampaign } from "./create";
import { registerDashboardGetCampaign } from "./get";
import { registerDashboardListCampaigns } from "./list";
import { registerDashboardUpdateCampaign } from "./update";

export function registerCampaignDashboardRoutes(app: DashboardApp) {
  registerDashboardListCampaigns(app);
  registerDashboardCreateCampaign(app);
  registerDashboardGetCampaign(app);
  registerDashboardUpdateCampaign(app);
}
