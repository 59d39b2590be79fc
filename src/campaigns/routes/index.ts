import type { V1App } from "../../infra/api/types";
import { registerCreateCampaign } from "./create";
import { registerGetCampaign } from "./get";
import { registerListCampaigns } from "./list";
import { registerUpdateCampaign } from "./update";

export function registerCampaignRoutes(app: V1App) {
  registerListCampaigns(app);
  registerCreateCampaign(app);
  registerGetCampaign(app);
  registerUpdateCampaign(app);
}
