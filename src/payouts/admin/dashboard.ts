import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerAdminListPayoutRuns } from "./list-runs";

/** Staff's view of payouts across brands. */
export function registerPayoutAdminRoutes(app: DashboardApp) {
  registerAdminListPayoutRuns(app);
}
