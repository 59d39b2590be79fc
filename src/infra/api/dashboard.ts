import type { MiddlewareHandler } from "hono";
import { registerAccountRoutes } from "../../accounts/dashboard";
import { registerApiKeyRoutes } from "../../api-keys/dashboard";
import { registerAnalytics } from "../../analytics/dashboard/summary";
import { registerListAuditEvents } from "../../audit/dashboard/list";
import { registerBrandDashboardRoutes } from "../../brands/dashboard";
import { registerExportConversions } from "../../conversions/dashboard/export";
import { registerCommissionDashboardRoutes } from "../../commissions/dashboard";
import { registerDeadLetterAdminRoutes } from "../../dead-letters/admin";
import { registerCreatorRoutes } from "../../creators/dashboard";
import { registerApplicationDashboardRoutes } from "../../enrollments/dashboard/applications";
import { registerPayoutExports } from "../../payouts/dashboard/export";
import { registerCreatorPayoutRoutes } from "../../payouts/accounts/dashboard";
import { HELP_SCREENSHOT_PATH, registerHelpRoutes } from "../../help/dashboard";
import { registerPlatformAdminRoutes } from "../../platform-admin/dashboard";
import { registerPayoutAdminRoutes } from "../../payouts/admin/dashboard";
import { registerPaymentMethodRoutes } from "../../payouts/payment-method/dashboard";
import { registerQuickstart } from "../../quickstart/dashboard/get";
import { TAX_FORM_UPLOAD_PATH, registerTaxFormRoutes } from "../../tax-forms/dashboard";
import { registerRecruitingRoutes } from "../../recruiting/dashboard";
import { registerStatusAdminRoutes } from "../../status/admin";
import { registerTeamRoutes } from "../../teams/dashboard";
import { sameOriginWrites } from "../../auth/csrf";
import { sessionCookieAuth } from "../../auth/session-middleware";
import { database } from "../http/database";
import { jsonBodies, storableQueries } from "../http/json-body";
import { openApiApp } from "../http/openapi-app";
import { BRAND_OPERATIONS } from "./brand-operations";
import type { DashboardApp, DashboardEnv } from "./dashboard-types";
import { mountOnDashboard } from "./doors";

/** Answers about a signed-in person must never be cached by a browser or a proxy. */
const noStore: MiddlewareHandler = async function noStoreMiddleware(c, next) {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
};

/**
 * The dashboard API: `/api/*`, authenticated by the session cookie (the REST API `/v1`
 * takes API keys only). Writes must be same-origin JSON (CSRF), except the tax form
 * upload, whose body is the PDF itself; every route declares its access requirement
 * through `dashboardRoute`.
 */
export function buildDashboardApi(): DashboardApp {
  const api = openApiApp<DashboardEnv>();
  api.use("/api/*", noStore, sameOriginWrites(), storableQueries, jsonBodies({ uploadPaths: [TAX_FORM_UPLOAD_PATH, HELP_SCREENSHOT_PATH] }), database(), sessionCookieAuth());
  registerAccountRoutes(api);
  registerBrandDashboardRoutes(api);
  registerTeamRoutes(api);
  registerApiKeyRoutes(api);
  registerApplicationDashboardRoutes(api);
  registerRecruitingRoutes(api);
  registerCreatorRoutes(api);
  registerCreatorPayoutRoutes(api);
  registerListAuditEvents(api);
  registerPlatformAdminRoutes(api);
  registerTaxFormRoutes(api);
  registerHelpRoutes(api);
  // The brand dashboard's own pages: quickstart, analytics, CSV exports.
  registerQuickstart(api);
  registerAnalytics(api);
  registerExportConversions(api);
  registerCommissionDashboardRoutes(api);
  registerDeadLetterAdminRoutes(api);
  registerPayoutExports(api);
  registerPaymentMethodRoutes(api);
  registerPayoutAdminRoutes(api);
  registerStatusAdminRoutes(api);
  // Last, so that a dashboard-only route such as `…/commissions/export.csv` is matched
  // before an operation's `{commissionId}` could take `export.csv` for an id.
  mountOnDashboard(api, BRAND_OPERATIONS);
  return api;
}
