import { inArray } from "drizzle-orm";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { linkClickTotals } from "../../clicks/queries";
import { affiliates } from "../../infra/db/schema";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { listLinks } from "../queries";
import { ListLinksQuery, serializeLink } from "../schemas";
import { BrandLink } from "./schemas";

export const dashboardListLinksRoute = dashboardRoute({ brand: "campaigns.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/links",
  tags: ["Tracking links"],
  summary: "List tracking links with their clicks",
  description: "Newest first; filter by campaign or enrollment. Clicks come from the daily rollups (UTC days; the last 30 days include today).",
  request: { params: idParams({ brandId: "brd" }), query: PageQuery.extend(ListLinksQuery.shape) },
  responses: { 200: jsonResponse(pageSchema(BrandLink), "A page of links."), ...commonErrors },
});

const DAY_MS = 86_400_000;

export function registerDashboardListLinks(app: DashboardApp) {
  app.openapi(dashboardListLinksRoute, async (c) => {
    const { limit, cursor, campaign_id, enrollment_id } = c.req.valid("query");
    const since = new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
    const { rows, clicks, names } = await withAccessedBrand(c, async (tx, access) => {
      const rows = await listLinks(tx, { limit, before: decodeCursor(cursor), campaignId: campaign_id, enrollmentId: enrollment_id });
      const affiliateIds = [...new Set(rows.map((r) => r.affiliateId))];
      const clicks = await linkClickTotals(tx, access.brandId, rows.map((r) => r.id), since);
      const names = affiliateIds.length ? await tx.select({ id: affiliates.id, name: affiliates.displayName }).from(affiliates).where(inArray(affiliates.id, affiliateIds)) : [];
      return { rows, clicks, names: new Map(names.map((n) => [n.id, n.name])) };
    });
    const base = c.var.config.TRACKING_BASE_URL;
    return c.json(
      toPage(rows, limit, (r) => {
        const counted = clicks.get(r.id);
        return { ...serializeLink(r, base), affiliate_name: names.get(r.affiliateId) ?? r.affiliateId, clicks: { total: counted?.total ?? 0, last_30_days: counted?.recent ?? 0 } };
      }),
      200,
    );
  });
}
