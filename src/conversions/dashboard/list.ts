import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { conversionNames, listConversions } from "../queries";
import { Conversion, ListConversionsQuery, conversionFilters, serializeConversion } from "../schemas";

/** A conversion as the dashboard lists it: with the names people recognise. */
export const NamedConversion = Conversion.extend({ campaign_name: z.string().nullable(), affiliate_name: z.string().nullable() }).openapi("NamedConversion");

export const dashboardListConversionsRoute = dashboardRoute({ brand: "conversions.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/conversions",
  tags: ["Conversions"],
  summary: "List conversions with their attribution trail",
  description: "The same filters as `GET /v1/conversions`, newest first.",
  request: { params: idParams({ brandId: "brd" }), query: PageQuery.extend(ListConversionsQuery.shape) },
  responses: { 200: jsonResponse(pageSchema(NamedConversion), "A page of conversions."), ...commonErrors },
});

export function registerDashboardListConversions(app: DashboardApp) {
  app.openapi(dashboardListConversionsRoute, async (c) => {
    const q = c.req.valid("query");
    const { rows, names } = await withAccessedBrand(c, async (tx) => {
      const rows = await listConversions(tx, conversionFilters(q), { limit: q.limit, before: decodeCursor(q.cursor) });
      return { rows, names: await conversionNames(tx, rows) };
    });
    return c.json(
      toPage(rows, q.limit, (r) => ({
        ...serializeConversion(r),
        campaign_name: r.campaignId ? (names.campaigns.get(r.campaignId) ?? null) : null,
        affiliate_name: r.affiliateId ? (names.affiliates.get(r.affiliateId) ?? null) : null,
      })),
      200,
    );
  });
}
