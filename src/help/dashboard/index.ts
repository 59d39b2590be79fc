import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerAdminHelpRoutes } from "./admin";
import { registerOwnHelpRoutes } from "./own";
import { registerReportCampaign } from "./report-campaign";
import { registerScreenshotRoutes } from "./screenshots";
import { registerVisitorHelpRoute } from "./visitor";

export { HELP_SCREENSHOT_PATH } from "./screenshots";

/** The help messenger: a user's own conversations, the signed-out form, campaign reports, staff's inbox. */
export function registerHelpRoutes(app: DashboardApp) {
  registerOwnHelpRoutes(app);
  registerVisitorHelpRoute(app);
  registerReportCampaign(app);
  registerScreenshotRoutes(app);
  registerAdminHelpRoutes(app);
}
