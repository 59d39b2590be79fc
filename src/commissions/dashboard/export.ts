import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { csvDownload } from "../../infra/http/csv";
import { commonErrors, idParams } from "../../infra/http/schemas";
import { brandAccessOf } from "../../teams/guard";
import { COMMISSION_CSV_HEADER, commissionCsvLine } from "../csv";
import { CommissionListQuery, filtersOf } from "../filters";
import { listCommissions } from "../queries";

export const exportCommissionsRoute = dashboardRoute({ brand: "commissions.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/commissions/export.csv",
  tags: ["Commissions"],
  summary: "Export commissions as CSV",
  description:
    "Every commission matching the filters (live by default, `mode=test` for test-mode data), newest first, streamed, with its explanation and review reasons. `amount` is a decimal string in the currency's major unit (-125 USD minor units → `-1.25`), beside `currency` and the integer `amount_minor`.",
  request: { params: idParams({ brandId: "brd" }), query: CommissionListQuery },
  responses: { 200: { description: "CSV, one header line then one line per commission.", content: { "text/csv": { schema: z.string() } } }, ...commonErrors },
});

/** Registered before the operations, whose `/commissions/{commissionId}` would otherwise take `export.csv` for an id. */
export function registerExportCommissions(app: DashboardApp) {
  app.openapi(exportCommissionsRoute, (c) => {
    const { brandId, userId } = brandAccessOf(c);
    // The brand in the query as well as in RLS: its (brand_id, id) index, not every brand's ids.
    const filters = { ...filtersOf(c.req.valid("query")), brandId };
    return csvDownload(c.var.config, { kind: "brand", brandId, userId }, {
      name: "rekomi-commissions",
      header: COMMISSION_CSV_HEADER,
      page: (tx, { limit, before }) => listCommissions(tx, filters, { limit, before }),
      line: (r) => commissionCsvLine(r),
    }, c.var.db());
  });
}
