import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { csvDownload } from "../../infra/http/csv";
import { commonErrors, idParams } from "../../infra/http/schemas";
import { brandAccessOf } from "../../teams/guard";
import { CONVERSION_CSV_HEADER, conversionCsvLine } from "../csv";
import { ConversionListQuery, listFiltersOf } from "../filters";
import { listConversions } from "../queries";
import { serializeConversion } from "../schemas";

export const exportConversionsRoute = dashboardRoute({ brand: "conversions.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/conversions/export.csv",
  tags: ["Conversions"],
  summary: "Export conversions as CSV",
  description:
    "Every conversion matching the filters (live by default, `mode=test` for test-mode data), newest first, streamed. `amount` is a decimal string in the currency's major unit (4900 USD → `49.00`), beside `currency` and the integer `amount_minor`.",
  request: { params: idParams({ brandId: "brd" }), query: ConversionListQuery },
  responses: { 200: { description: "CSV, one header line then one line per conversion.", content: { "text/csv": { schema: z.string() } } }, ...commonErrors },
});

/** Registered before the operations, whose `/conversions/{conversionId}` would otherwise take `export.csv` for an id. */
export function registerExportConversions(app: DashboardApp) {
  app.openapi(exportConversionsRoute, (c) => {
    const { brandId, userId } = brandAccessOf(c);
    const filters = { ...listFiltersOf(c.req.valid("query")), brandId };
    return csvDownload(c.var.config, { kind: "brand", brandId, userId }, {
      name: "rekomi-conversions",
      header: CONVERSION_CSV_HEADER,
      page: (tx, { limit, before }) => listConversions(tx, filters, { limit, before }),
      line: (r) => conversionCsvLine(serializeConversion(r.conversion), { campaign: r.campaignName, affiliate: r.affiliateName }),
    }, c.var.db());
  });
}
