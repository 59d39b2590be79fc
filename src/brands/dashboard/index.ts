import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerCreateBrand } from "./create";
import { registerGetBrand } from "./get";
import { registerUpdateBrand } from "./update";

export function registerBrandDashboardRoutes(app: DashboardApp) {
  registerCreateBrand(app);
  registerGetBrand(app);
  registerUpdateBrand(app);
}
