import type { V1App } from "../../infra/api/types";
import { registerGetAffiliate } from "./get";
import { registerListAffiliates } from "./list";

export function registerAffiliateRoutes(app: V1App) {
  registerListAffiliates(app);
  registerGetAffiliate(app);
}
