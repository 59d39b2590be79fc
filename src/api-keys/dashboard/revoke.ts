import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { revokeApiKey } from "../queries";
import { ApiKey, serializeApiKey } from "../schemas";

export const revokeApiKeyRoute = dashboardRoute({ brand: "api_keys.manage" }, {
  method: "delete",
  path: "/api/brands/{brandId}/api-keys/{keyId}",
  tags: ["API keys"],
  summary: "Revoke an API key",
  description: "The key stops working at once.",
  request: { params: idParams({ brandId: "brd", keyId: "key" }) },
  responses: { 200: jsonResponse(ApiKey, "The revoked key."), ...commonErrors },
});

export function registerRevokeApiKey(app: DashboardApp) {
  app.openapi(revokeApiKeyRoute, async (c) => {
    const { keyId } = c.req.valid("param");
    const row = await withAccessedBrand(c, async (tx, access) => {
      const row = await revokeApiKey(tx, keyId);
      if (!row) throw new ApiError("not_found", `No live API key ${keyId}.`, { param: "keyId" });
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "api_key.revoked",
        target: { type: "api_key", id: row.id },
        metadata: { name: row.name, prefix: row.prefix },
        client: clientInfo(c),
      });
      return row;
    });
    return c.json(serializeApiKey(row), 200);
  });
}
