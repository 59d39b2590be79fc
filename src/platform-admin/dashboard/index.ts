import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerListingReviewRoutes } from "../../network/listings/admin-routes";
import { registerAdminListBrands } from "./list-brands";
import { registerAdminListCreators } from "./list-creators";
import { registerAdminListUsers } from "./list-users";
import { registerReviewCreator } from "./review-creator";
import { registerSuspendBrand } from "./suspend-brand";
import { registerSuspendUser } from "./suspend-user";

export function registerPlatformAdminRoutes(app: DashboardApp) {
  registerAdminListUsers(app);
  registerAdminListBrands(app);
  registerAdminListCreators(app);
  registerSuspendUser(app);
  registerSuspendBrand(app);
  registerReviewCreator(app);
  registerListingReviewRoutes(app);
}
