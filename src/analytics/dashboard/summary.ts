import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { ApiError } from "../../infra/http/errors";
import { livemodeOf } from "../../infra/http/mode";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { readAccessedBrand } from "../../teams/guard";
import { clicksPerDay, conversionsPerDay, topAffiliates } from "../queries";
import { Analytics, AnalyticsQuery, MAX_ANALYTICS_DAYS, buildSeries } from "../schemas";

const TOP_AFFILIATES = 10;
const DAY_MS = 86_400_000;

export const analyticsRoute = dashboardRoute({ brand: "conversions.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/analytics",
  tags: ["Analytics"],
  summary: "Clicks and credited conversions over time, and top creators by revenue",
  description:
    `By UTC day (clicks when counted, conversions when they occurred), for one campaign or creator or all; at most ${MAX_ANALYTICS_DAYS} days. ` +
    "Live conversions by default, `mode=test` for test-mode ones (clicks have no mode: both show the same). Disputes count against net revenue: opened ones subtract their amount, won ones add it back.",
  request: { params: idParams({ brandId: "brd" }), query: AnalyticsQuery },
  responses: { 200: jsonResponse(Analytics, "The series and the ranking."), ...commonErrors },
});

export function registerAnalytics(app: DashboardApp) {
  app.openapi(analyticsRoute, async (c) => {
    const q = c.req.valid("query");
    const to = q.to ?? new Date().toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
    if (from > to) throw new ApiError("invalid_request", "Invalid `from`: must not be after `to`.", { param: "from" });
    if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_ANALYTICS_DAYS) {
      throw new ApiError("invalid_request", `Invalid \`from\`: the range can span at most ${MAX_ANALYTICS_DAYS} days.`, { param: "from" });
    }
    const { series, top } = await readAccessedBrand(c, async (tx, access) => {
      const filters = { brandId: access.brandId, from, to, campaignId: q.campaign_id, affiliateId: q.affiliate_id, livemode: livemodeOf(q) };
      const series = buildSeries(from, to, await clicksPerDay(tx, filters), await conversionsPerDay(tx, filters));
      return { series, top: await topAffiliates(tx, filters, TOP_AFFILIATES) };
    });
    return c.json(
      {
        object: "analytics" as const,
        from,
        to,
        ...series,
        top_affiliates: top.map((t) => ({
          affiliate_id: t.affiliateId,
          display_name: t.displayName,
          currency: t.currency,
          clicks: t.clicks,
          sales: t.sales,
          sales_amount: t.salesAmount,
          refunds_amount: t.refundsAmount,
          disputes_amount: t.disputesAmount,
          net_amount: t.netAmount,
        })),
      },
      200,
    );
  });
}
