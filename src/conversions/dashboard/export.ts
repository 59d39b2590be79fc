import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { openDb } from "../../infra/db/client";
import { withPrincipal } from "../../infra/db/principal";
import { commonErrors, idParams } from "../../infra/http/schemas";
import { brandAccessOf } from "../../teams/guard";
import { CONVERSION_CSV_HEADER, conversionCsvLine } from "../csv";
import { conversionNames, listConversions, type ConversionFilters } from "../queries";
import { ListConversionsQuery, conversionFilters, serializeConversion } from "../schemas";

/** Rows per page read while streaming: each page is one short transaction. */
const EXPORT_PAGE = 500;

export const exportConversionsRoute = dashboardRoute({ brand: "conversions.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/conversions/export.csv",
  tags: ["Conversions"],
  summary: "Export conversions as CSV",
  description:
    "Every conversion matching the filters, newest first, streamed. `amount` is a decimal string in the currency's major unit (4900 USD → `49.00`), beside `currency` and the integer `amount_minor`.",
  request: { params: idParams({ brandId: "brd" }), query: ListConversionsQuery },
  responses: { 200: { description: "CSV, one header line then one line per conversion.", content: { "text/csv": { schema: z.string() } } }, ...commonErrors },
});

/**
 * The CSV body, read page by page (keyset on the id) as the client downloads it, on its own
 * connection: the request's pool closes when the handler returns, long before the stream ends.
 */
function csvStream(env: Parameters<typeof openDb>[0], principal: { brandId: string; userId: string }, filters: ConversionFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { db, close } = openDb(env);
  const names = { campaigns: new Map<string, string>(), affiliates: new Map<string, string>() };
  let before: string | undefined;
  let started = false;
  const finish = () => close().catch(() => {});
  return new ReadableStream({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(CONVERSION_CSV_HEADER));
        }
        const rows = await withPrincipal(db, { kind: "brand", ...principal }, async (tx) => {
          const rows = await listConversions(tx, filters, { limit: EXPORT_PAGE - 1, before });
          const unknown = rows.filter((r) => (r.campaignId && !names.campaigns.has(r.campaignId)) || (r.affiliateId && !names.affiliates.has(r.affiliateId)));
          const found = await conversionNames(tx, unknown);
          for (const [id, name] of found.campaigns) names.campaigns.set(id, name);
          for (const [id, name] of found.affiliates) names.affiliates.set(id, name);
          return rows;
        });
        const text = rows
          .map((r) =>
            conversionCsvLine(serializeConversion(r), {
              campaign: r.campaignId ? (names.campaigns.get(r.campaignId) ?? null) : null,
              affiliate: r.affiliateId ? (names.affiliates.get(r.affiliateId) ?? null) : null,
            }),
          )
          .join("");
        if (text) controller.enqueue(encoder.encode(text));
        // listConversions reads one row past the limit to tell whether more exist.
        if (rows.length < EXPORT_PAGE) {
          controller.close();
          await finish();
        } else before = rows[rows.length - 1]!.id;
      } catch (err) {
        console.error(JSON.stringify({ level: "error", message: "conversion export failed mid-stream", error: String(err) }));
        controller.error(err);
        await finish();
      }
    },
    async cancel() {
      await finish();
    },
  });
}

export function registerExportConversions(app: DashboardApp) {
  app.openapi(exportConversionsRoute, (c) => {
    const filters = conversionFilters(c.req.valid("query"));
    const access = brandAccessOf(c);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(csvStream(c.var.config, { brandId: access.brandId, userId: access.userId }, filters), {
      status: 200,
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="rekomi-conversions-${day}.csv"`,
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
