import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerApplicationRoutes } from "./applications";
import { registerCreatorLinks } from "./links";
import { registerMatches } from "./matches";
import { registerNetworkRequestRoutes } from "./network";
import { registerOfferRoutes } from "./offers";
import { registerProfileRoutes } from "./profile";

export function registerCreatorRoutes(app: DashboardApp) {
  registerProfileRoutes(app);
  registerNetworkRequestRoutes(app);
  registerMatches(app);
  registerApplicationRoutes(app);
  registerOfferRoutes(app);
  registerCreatorLinks(app);
}
