import { withBrand } from "../../infra/db/principal";
import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { clientInfo } from "../../auth/client-info";
import { idempotentBrandWrite } from "../../infra/http/idempotency";
import { commonErrors, errorResponse, idParam, jsonResponse } from "../../infra/http/schemas";
import { enqueueAfterCommit } from "../../webhooks/enqueue";
import { COMMISSION_ACTIONS, actOnCommission, type CommissionAction } from "../actions";
import { CommissionRecord } from "../schemas";

function actionRoute(action: CommissionAction) {
  return createRoute({
    method: "post",
    path: `/v1/commissions/{id}/${action}`,
    tags: ["Commissions"],
    summary: COMMISSION_ACTIONS[action].summary,
    description: `${COMMISSION_ACTIONS[action].description} Send \`Idempotency-Key\` to make retries safe.`,
    security: bearer,
    request: { params: idParam("com") },
    responses: { 200: jsonResponse(CommissionRecord, "The commission."), ...commonErrors, 409: errorResponse("Not allowed from the commission's current status.") },
  });
}

export const commissionActionRoutes = { approve: actionRoute("approve"), void: actionRoute("void"), release: actionRoute("release") };

/** POST /v1/commissions/{id}/approve | void | release: one handler, three actions. */
export function registerCommissionActions(app: V1App) {
  for (const action of Object.keys(commissionActionRoutes) as CommissionAction[]) {
    app.openapi(commissionActionRoutes[action], async (c) => {
      const { id } = c.req.valid("param");
      const { id: brandId, keyId } = c.var.brand;
      let deliveries: string[] = [];
      const body = await idempotentBrandWrite(c, { brandId, transact: (fn) => withBrand(c.var.db(), brandId, fn) }, { action, id }, async (tx) => {
        const change = await actOnCommission(tx, action, id, "id", { brandId, actor: { type: "api_key", id: keyId }, client: clientInfo(c) });
        deliveries = change.deliveries;
        return change.commission;
      });
      enqueueAfterCommit(c.executionCtx, c.var.config.WEBHOOKS, brandId, deliveries);
      return c.json(body, 200);
    });
  }
}
