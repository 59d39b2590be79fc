import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerTaxFormDownloadUrls } from "./download-url";
import { registerAdminListTaxForms } from "./list-admin";
import { registerListBrandTaxStatus } from "./list-brand";
import { registerListOwnTaxForms } from "./list-own";
import { registerReviewTaxForm } from "./review";
import { registerUploadTaxForm } from "./upload";

export { TAX_FORM_UPLOAD_PATH } from "./upload";

export function registerTaxFormRoutes(app: DashboardApp) {
  registerUploadTaxForm(app);
  registerListOwnTaxForms(app);
  registerListBrandTaxStatus(app);
  registerAdminListTaxForms(app);
  registerTaxFormDownloadUrls(app);
  registerReviewTaxForm(app);
}
