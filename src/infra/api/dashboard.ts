import type { MiddlewareHandler } from "hono";
import { registerAccountRoutes } from "../../accounts/dashboard";
import { registerApiKeyRoutes } from "../../api-keys/dashboard";
import { registerDashboardListCreators } from "../../affiliates/dashboard/list";
import { registerAnalytics } from "../../analytics/dashboard/summary";
import { registerListAuditEvents } from "../../audit/dashboard/list";
import { registerBrandDashboardRoutes } from "../../brands/dashboard";
import { campaignOperations } from "../../campaigns/operations";
import { mountOnDashboard } from "./doors";
import { registerExportConversions } from "../../conversions/dashboard/export";
import { conversionOperations } from "../../conversions/operations";
import { registerCommissionDashboardRoutes } from "../../commissions/dashboard";
import { registerDeadLetterAdminRoutes } from "../../dead-letters/admin";
import { deadLetterOperations } from "../../dead-letters/operations";
import { commissionOperations } from "../../commissions/operations";
import { registerCreatorRoutes } from "../../creators/dashboard";
import { registerApplicationDashboardRoutes } from "../../enrollments/dashboard/applications";
import { registerDashboardEnroll } from "../../enrollments/dashboard/enroll";
import { linkOperations } from "../../links/operations";
import { registerDashboardRecommended } from "../../network/dashboard/recommended";
import { registerPlatformAdminRoutes } from "../../platform-admin/dashboard";
import { registerQuickstart } from "../../quickstart/dashboard/get";
import { s2sKeyOperations } from "../../s2s-keys/operations";
import { TAX_FORM_UPLOAD_PATH, registerTaxFormRoutes } from "../../tax-forms/dashboard";
import { registerRecruitingRoutes } from "../../recruiting/dashboard";
import { registerTeamRoutes } from "../../teams/dashboard";
import { webhookOperations } from "../../webhooks/operations";
import { sameOriginWrites } from "../../auth/csrf";
import { sessionCookieAuth } from "../../auth/session-middleware";
import { database } from "../http/database";
import { jsonBodies, storableQueries } from "../http/json-body";
import { openApiApp } from "../http/openapi-app";
import type { DashboardApp, DashboardEnv } from "./dashboard-types";

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
  api.use("/api/*", noStore, sameOriginWrites(), storableQueries, jsonBodies({ uploadPaths: [TAX_FORM_UPLOAD_PATH] }), database(), sessionCookieAuth());
  registerAccountRoutes(api);
  registerBrandDashboardRoutes(api);
  registerTeamRoutes(api);
  registerApiKeyRoutes(api);
  mountOnDashboard(api, campaignOperations);
  registerApplicationDashboardRoutes(api);
  registerDashboardRecommended(api);
  registerRecruitingRoutes(api);
  registerCreatorRoutes(api);
  registerListAuditEvents(api);
  registerPlatformAdminRoutes(api);
  registerTaxFormRoutes(api);
  // The brand dashboard: quickstart, links, conversions, analytics, developer tools.
  registerQuickstart(api);
  registerDashboardListCreators(api);
  registerDashboardEnroll(api);
  mountOnDashboard(api, linkOperations);
  // Each CSV export before its capability's operations, whose `{…Id}` route would take `export.csv` for an id.
  registerExportConversions(api);
  mountOnDashboard(api, conversionOperations);
  registerAnalytics(api);
  mountOnDashboard(api, s2sKeyOperations);
  mountOnDashboard(api, webhookOperations);
  registerCommissionDashboardRoutes(api);
  mountOnDashboard(api, deadLetterOperations);
  registerDeadLetterAdminRoutes(api);
  mountOnDashboard(api, commissionOperations);
  return api;
}
