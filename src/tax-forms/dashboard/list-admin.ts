import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { asPlatformAdmin } from "../../platform-admin/access";
import { listTaxFormsForStaff, reviewsOf } from "../queries";
import { AdminTaxForm, AdminTaxFormQuery, serializeTaxForm } from "../schemas";

export const adminListTaxFormsRoute = dashboardRoute("platform_admin", {
  method: "get",
  path: "/api/admin/tax-forms",
  tags: ["Platform admin"],
  summary: "List tax forms",
  request: { query: AdminTaxFormQuery },
  responses: { 200: jsonResponse(pageSchema(AdminTaxForm), "A page of forms with their creators, newest first."), ...commonErrors },
});

export function registerAdminListTaxForms(app: DashboardApp) {
  app.openapi(adminListTaxFormsRoute, async (c) => {
    const { limit, cursor, status } = c.req.valid("query");
    const { rows, reviews } = await asPlatformAdmin(c, async (tx) => {
      const rows = await listTaxFormsForStaff(tx, { limit, before: decodeCursor(cursor), status });
      return { rows, reviews: await reviewsOf(tx, rows.map((r) => r.form.id)) };
    });
    const page = toPage(
      rows.map((r) => ({ id: r.form.id, ...r })),
      limit,
      (r) => ({ ...serializeTaxForm(r.form, reviews), affiliate: { id: r.affiliate.id, display_name: r.affiliate.displayName, email: r.affiliate.email } }),
    );
    return c.json(page, 200);
  });
}
