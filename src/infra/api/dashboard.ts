import type { MiddlewareHandler } from "hono";
import { registerAccountRoutes } from "../../accounts/dashboard";
import { registerApiKeyRoutes } from "../../api-keys/dashboard";
import { registerAnalytics } from "../../analytics/dashboard/summary";
import { registerListAuditEvents } from "../../audit/dashboard/list";
import { registerBrandDashboardRoutes } from "../../brands/dashboard";
import { campaignOperations } from "../../campaigns/operations";
import { affiliateOperations } from "../../creators/operations";
import { enrollmentOperations } from "../../enrollments/operations";
import { networkOperations } from "../../network/operations";
import { mountOnDashboard } from "./doors";
import { registerConversionDashboardRoutes } from "../../conversions/dashboard";
import { registerCommissionDashboardRoutes } from "../../commissions/dashboard";
import { registerDeadLetterDashboardRoutes } from "../../dead-letters/dashboard";
import { registerCreatorRoutes } from "../../creators/dashboard";
import { registerApplicationDashboardRoutes } from "../../enrollments/dashboard/applications";
import { registerLinkDashboardRoutes } from "../../links/dashboard";
import { registerPlatformAdminRoutes } from "../../platform-admin/dashboard";
import { registerQuickstart } from "../../quickstart/dashboard/get";
import { registerS2sKeyDashboardRoutes } from "../../s2s-keys/dashboard";
import { TAX_FORM_UPLOAD_PATH, registerTaxFormRoutes } from "../../tax-forms/dashboard";
import { registerRecruitingRoutes } from "../../recruiting/dashboard";
import { registerTeamRoutes } from "../../teams/dashboard";
import { registerWebhookDashboardRoutes } from "../../webhooks/dashboard";
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
  mountOnDashboard(api, enrollmentOperations);
  mountOnDashboard(api, affiliateOperations);
  mountOnDashboard(api, networkOperations);
  registerApplicationDashboardRoutes(api);
  registerRecruitingRoutes(api);
  registerCreatorRoutes(api);
  registerListAuditEvents(api);
  registerPlatformAdminRoutes(api);
  registerTaxFormRoutes(api);
  // The brand dashboard: quickstart, links, conversions, analytics, developer tools.
  registerQuickstart(api);
  registerLinkDashboardRoutes(api);
  registerConversionDashboardRoutes(api);
  registerAnalytics(api);
  registerS2sKeyDashboardRoutes(api);
  registerWebhookDashboardRoutes(api);
  registerCommissionDashboardRoutes(api);
  registerDeadLetterDashboardRoutes(api);
  return api;
}
