import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { revokeS2sKey } from "../changes";
import { S2sKey, serializeS2sKey } from "../schemas";

export const dashboardRevokeS2sKeyRoute = dashboardRoute({ brand: "developers.manage" }, {
  method: "delete",
  path: "/api/brands/{brandId}/s2s-keys/{keyId}",
  tags: ["S2S keys"],
  summary: "Revoke an S2S key",
  description: "Events signed with any of its secrets are refused everywhere within 30 seconds. Revoking twice is harmless.",
  request: { params: idParams({ brandId: "brd", keyId: "ssk" }) },
  responses: { 200: jsonResponse(S2sKey, "The revoked key."), ...commonErrors },
});

export function registerDashboardRevokeS2sKey(app: DashboardApp) {
  app.openapi(dashboardRevokeS2sKeyRoute, async (c) => {
    const { keyId } = c.req.valid("param");
    const row = await withAccessedBrand(c, async (tx, access) => {
      const { row, changed } = await revokeS2sKey(tx, keyId, "keyId");
      if (changed) {
        await recordAudit(tx, { brandId: access.brandId, actor: userActor(access.userId), action: "s2s_key.revoked", target: { type: "s2s_key", id: keyId }, client: clientInfo(c) });
      }
      return row;
    });
    return c.json(serializeS2sKey(row), 200);
  });
}
