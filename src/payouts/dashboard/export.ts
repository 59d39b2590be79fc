import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { csvDownload } from "../../infra/http/csv";
import { commonErrors, idParams } from "../../infra/http/schemas";
import { brandAccessOf } from "../../teams/guard";
import { PAYOUT_CSV_HEADER, RUN_CSV_HEADER, payoutCsvLine, runCsvLine } from "../csv";
import { listPayouts, listRuns } from "../queries";
import { PayoutListQuery } from "../schemas";

const csvResponse = (description: string) => ({ 200: { description, content: { "text/csv": { schema: z.string() } } }, ...commonErrors });

export const exportPayoutRunsRoute = dashboardRoute({ brand: "payouts.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/payout-runs/export.csv",
  tags: ["Payouts"],
  summary: "Export payout runs as CSV",
  description: "Every payout run, newest first, with its amounts (decimal and minor units) and Stripe ids (PaymentIntent, charge, transfer group).",
  request: { params: idParams({ brandId: "brd" }) },
  responses: csvResponse("CSV, one header line then one line per run."),
});

export const exportPayoutsRoute = dashboardRoute({ brand: "payouts.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/payouts/export.csv",
  tags: ["Payouts"],
  summary: "Export payouts as CSV",
  description: "Every payout (one creator's line of a run), newest first, optionally of one run (`run_id`), with its transfer id and the commissions it nets.",
  request: { params: idParams({ brandId: "brd" }), query: PayoutListQuery.pick({ run_id: true }) },
  responses: csvResponse("CSV, one header line then one line per payout."),
});

/** Registered before the operations, whose `/payout-runs/{runId}` and `/payouts/{payoutId}` would otherwise take `export.csv` for an id. */
export function registerPayoutExports(app: DashboardApp) {
  app.openapi(exportPayoutRunsRoute, (c) => {
    const { brandId, userId } = brandAccessOf(c);
    return csvDownload(c.var.config, { kind: "brand", brandId, userId }, {
      name: "rekomi-payout-runs",
      header: RUN_CSV_HEADER,
      page: (tx, { limit, before }) => listRuns(tx, { limit, before }),
      line: runCsvLine,
    });
  });
  app.openapi(exportPayoutsRoute, (c) => {
    const { run_id: runId } = c.req.valid("query");
    const { brandId, userId } = brandAccessOf(c);
    return csvDownload(c.var.config, { kind: "brand", brandId, userId }, {
      name: "rekomi-payouts",
      header: PAYOUT_CSV_HEADER,
      page: (tx, { limit, before }) => listPayouts(tx, { runId }, { limit, before }),
      line: payoutCsvLine,
    });
  });
}
