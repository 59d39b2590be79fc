import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { rotateS2sKey } from "../changes";
import { RotateS2sKey, S2sKeyWithSecret, serializeS2sKey } from "../schemas";

export const dashboardRotateS2sKeyRoute = dashboardRoute({ brand: "developers.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/s2s-keys/{keyId}/rotate",
  tags: ["S2S keys"],
  summary: "Rotate an S2S key's secret",
  description: "A new secret (shown once) under the same key id; the current one keeps verifying for `grace_period_seconds`.",
  request: { params: idParams({ brandId: "brd", keyId: "ssk" }), body: jsonBody(RotateS2sKey) },
  responses: { 200: jsonResponse(S2sKeyWithSecret, "The key, with its new secret (once)."), ...commonErrors, 409: errorResponse("The key is revoked.") },
});

export function registerDashboardRotateS2sKey(app: DashboardApp) {
  app.openapi(dashboardRotateS2sKeyRoute, async (c) => {
    const { keyId } = c.req.valid("param");
    const { grace_period_seconds } = c.req.valid("json");
    const { row, secret, now } = await withAccessedBrand(c, async (tx, access) => {
      const rotated = await rotateS2sKey(tx, c.var.config.SECRETS_ENCRYPTION_KEY, access.brandId, keyId, grace_period_seconds, "keyId");
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "s2s_key.rotated",
        target: { type: "s2s_key", id: keyId },
        metadata: { grace_period_seconds },
        client: clientInfo(c),
      });
      return rotated;
    });
    return c.json({ ...serializeS2sKey(row, now), secret }, 200);
  });
}
