import { withCreator } from "../../creators/access";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { listOwnTaxForms, reviewsOf } from "../queries";
import { TaxForm, serializeTaxForm } from "../schemas";

export const listOwnTaxFormsRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/me/tax-forms",
  tags: ["Tax forms"],
  summary: "List your tax forms",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(TaxForm), "Your forms, newest (current) first."), ...commonErrors },
});

export function registerListOwnTaxForms(app: DashboardApp) {
  app.openapi(listOwnTaxFormsRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const { rows, reviews } = await withCreator(c, async (tx, creator) => {
      const rows = await listOwnTaxForms(tx, creator.affiliateId, { limit, before: decodeCursor(cursor) });
      return { rows, reviews: await reviewsOf(tx, rows.map((f) => f.id)) };
    });
    return c.json(toPage(rows, limit, (f) => serializeTaxForm(f, reviews)), 200);
  });
}
