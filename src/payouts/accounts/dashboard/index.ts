import type { DashboardApp } from "../../../infra/api/dashboard-types";
import { registerPayoutAccountRoutes } from "./account";
import { registerCreatorPayoutBalanceRoutes } from "./balances";

/** The creator's Payouts page: their Express account, balances per brand and payout history (`/api/creator/payouts/*`). */
export function registerCreatorPayoutRoutes(app: DashboardApp) {
  registerPayoutAccountRoutes(app);
  registerCreatorPayoutBalanceRoutes(app);
}
