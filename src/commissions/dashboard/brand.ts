import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ApiError } from "../../infra/http/errors";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, errorResponse, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { COMMISSION_ACTIONS, actOnCommission, type CommissionAction } from "../actions";
import { filtersOf } from "../filters";
import { registerExportCommissions } from "./export";
import { findCommissionDetail, listCommissionsWithNames } from "../queries";
import { BrandCommission, CommissionDetail, ListCommissionsQuery, serializeCommission, type Commission } from "../schemas";

const brandParams = idParams({ brandId: "brd" });
const commissionParams = idParams({ brandId: "brd", commissionId: "com" });

function withNames(commission: Commission, names: { affiliateName: string | null; campaignName: string | null } | undefined) {
  return { ...commission, affiliate_name: names?.affiliateName ?? null, campaign_name: names?.campaignName ?? null };
}

export const listBrandCommissionsRoute = dashboardRoute({ brand: "commissions.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/commissions",
  tags: ["Commissions"],
  summary: "The brand's commissions",
  description: "The same filters as `GET /v1/commissions`, with creator and campaign names. `held_for_review=true` is the review queue.",
  request: { params: brandParams, query: PageQuery.extend(ListCommissionsQuery.shape) },
  responses: { 200: jsonResponse(pageSchema(BrandCommission), "A page of commissions, newest first."), ...commonErrors },
});

export const getBrandCommissionRoute = dashboardRoute({ brand: "commissions.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/commissions/{commissionId}",
  tags: ["Commissions"],
  summary: "One commission, with its explanation and source",
  request: { params: commissionParams },
  responses: { 200: jsonResponse(CommissionDetail, "The commission."), ...commonErrors },
});

function actionRoute(action: CommissionAction) {
  return dashboardRoute({ brand: "commissions.manage" }, {
    method: "post",
    path: `/api/brands/{brandId}/commissions/{commissionId}/${action}`,
    tags: ["Commissions"],
    summary: COMMISSION_ACTIONS[action].summary,
    description: `${COMMISSION_ACTIONS[action].description} Same as \`POST /v1/commissions/{id}/${action}\`.`,
    request: { params: commissionParams },
    responses: { 200: jsonResponse(BrandCommission, "The commission."), ...commonErrors, 409: errorResponse("Not allowed from the commission's current status.") },
  });
}

export const brandCommissionActionRoutes = { approve: actionRoute("approve"), void: actionRoute("void"), release: actionRoute("release") };

export function registerBrandCommissionRoutes(app: DashboardApp) {
  // Before the `{commissionId}` route, which would otherwise take `export.csv` for an id.
  registerExportCommissions(app);

  app.openapi(listBrandCommissionsRoute, async (c) => {
    const q = c.req.valid("query");
    const rows = await withAccessedBrand(c, (tx) => listCommissionsWithNames(tx, filtersOf(q), { limit: q.limit, before: decodeCursor(q.cursor) }));
    return c.json(toPage(rows, q.limit, (r) => withNames(serializeCommission(r.commission), r)), 200);
  });

  app.openapi(getBrandCommissionRoute, async (c) => {
    const { commissionId } = c.req.valid("param");
    const found = await withAccessedBrand(c, (tx) => findCommissionDetail(tx, commissionId));
    if (!found) throw new ApiError("not_found", `No commission ${commissionId}.`, { param: "commissionId" });
    const v = found.conversion;
    return c.json(
      {
        ...withNames(serializeCommission(found.commission), found),
        source: v
          ? {
              conversion_id: v.id,
              type: v.type,
              amount: v.amount,
              currency: v.currency,
              invoice_id: v.invoiceId,
              product_id: v.productId,
              customer_external_id: v.customerExternalId,
              occurred_at: v.occurredAt.toISOString(),
              source_event_id: v.sourceEventId,
              trail: v.trail,
            }
          : null,
      },
      200,
    );
  });

  for (const action of Object.keys(brandCommissionActionRoutes) as CommissionAction[]) {
    app.openapi(brandCommissionActionRoutes[action], async (c) => {
      const { commissionId } = c.req.valid("param");
      const { body, deliveries, brandId } = await withAccessedBrand(c, async (tx, access) => {
        const change = await actOnCommission(tx, action, commissionId, "commissionId", { brandId: access.brandId, actor: userActor(access.userId), client: clientInfo(c) });
        return { body: withNames(change.commission, await findCommissionDetail(tx, commissionId)), deliveries: change.deliveries, brandId: access.brandId };
      });
      enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, deliveries);
      return c.json(body, 200);
    });
  }
}
