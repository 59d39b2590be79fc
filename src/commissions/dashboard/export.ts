import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { openDb } from "../../infra/db/client";
import { withPrincipal } from "../../infra/db/principal";
import { commonErrors, idParams } from "../../infra/http/schemas";
import { brandAccessOf } from "../../teams/guard";
import { COMMISSION_CSV_HEADER, commissionCsvLine } from "../csv";
import { filtersOf } from "../filters";
import { listCommissionsWithNames, type CommissionFilters } from "../queries";
import { ListCommissionsQuery } from "../schemas";

/** Rows per page read while streaming: each page is one short transaction. */
const EXPORT_PAGE = 500;

export const exportCommissionsRoute = dashboardRoute({ brand: "commissions.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/commissions/export.csv",
  tags: ["Commissions"],
  summary: "Export commissions as CSV",
  description:
    "Every commission matching the filters, newest first, streamed, with its explanation and review reasons. `amount` is a decimal string in the currency's major unit (-125 USD minor units → `-1.25`), beside `currency` and the integer `amount_minor`.",
  request: { params: idParams({ brandId: "brd" }), query: ListCommissionsQuery },
  responses: { 200: { description: "CSV, one header line then one line per commission.", content: { "text/csv": { schema: z.string() } } }, ...commonErrors },
});

/** The CSV body, page by page as the client downloads it, on its own connection (the request's closes first). */
function csvStream(env: Parameters<typeof openDb>[0], principal: { brandId: string; userId: string }, filters: CommissionFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { db, close } = openDb(env);
  let before: string | undefined;
  let started = false;
  const finish = () => close().catch(() => {});
  return new ReadableStream({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(COMMISSION_CSV_HEADER));
        }
        const rows = await withPrincipal(db, { kind: "brand", ...principal }, (tx) => listCommissionsWithNames(tx, filters, { limit: EXPORT_PAGE - 1, before }));
        const text = rows.map(commissionCsvLine).join("");
        if (text) controller.enqueue(encoder.encode(text));
        // listCommissionsWithNames reads one row past the limit to tell whether more exist.
        if (rows.length < EXPORT_PAGE) {
          controller.close();
          await finish();
        } else before = rows[rows.length - 1]!.id;
      } catch (err) {
        console.error(JSON.stringify({ level: "error", message: "commission export failed mid-stream", error: String(err) }));
        controller.error(err);
        await finish();
      }
    },
    async cancel() {
      await finish();
    },
  });
}

export function registerExportCommissions(app: DashboardApp) {
  app.openapi(exportCommissionsRoute, (c) => {
    const access = brandAccessOf(c);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(csvStream(c.var.config, { brandId: access.brandId, userId: access.userId }, filtersOf(c.req.valid("query"))), {
      status: 200,
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="rekomi-commissions-${day}.csv"`,
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
