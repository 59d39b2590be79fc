import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { createS2sKey } from "../changes";
import { CreateS2sKey, S2sKeyWithSecret, serializeS2sKey } from "../schemas";

export const dashboardCreateS2sKeyRoute = dashboardRoute({ brand: "developers.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/s2s-keys",
  tags: ["S2S keys"],
  summary: "Create an S2S signing key",
  description: "The answer carries the secret once; Rekomi stores it encrypted and never shows it again.",
  request: { params: idParams({ brandId: "brd" }), body: jsonBody(CreateS2sKey) },
  responses: { 201: jsonResponse(S2sKeyWithSecret, "The key, with its secret (once)."), ...commonErrors },
});

export function registerDashboardCreateS2sKey(app: DashboardApp) {
  app.openapi(dashboardCreateS2sKeyRoute, async (c) => {
    const input = c.req.valid("json");
    const { row, secret } = await withAccessedBrand(c, async (tx, access) => {
      const created = await createS2sKey(tx, c.var.config.SECRETS_ENCRYPTION_KEY, access.brandId, { name: input.name, createdByUserId: access.userId });
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "s2s_key.created",
        target: { type: "s2s_key", id: created.row.id },
        metadata: { name: input.name },
        client: clientInfo(c),
      });
      return created;
    });
    return c.json({ ...serializeS2sKey(row), secret }, 201);
  });
}
