import type { V1App } from "../../infra/api/types";
import { registerCommissionActions } from "./actions";
import { registerAffiliateBalance } from "./balance";
import { registerGetCommission } from "./get";
import { registerListCommissions } from "./list";
import { registerCommissionOverrides } from "./overrides";

export function registerCommissionRoutes(app: V1App) {
  registerListCommissions(app);
  registerGetCommission(app);
  registerCommissionActions(app);
  registerAffiliateBalance(app);
  registerCommissionOverrides(app);
}
