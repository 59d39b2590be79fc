import { z } from "@hono/zod-openapi";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { commonErrors, idParams, jsonResponse } from "../../infra/http/schemas";
import { withAccessedBrand } from "../../teams/guard";
import { listApiKeys } from "../queries";
import { ApiKey, serializeApiKey } from "../schemas";

export const listApiKeysRoute = dashboardRoute({ brand: "api_keys.view" }, {
  method: "get",
  path: "/api/brands/{brandId}/api-keys",
  tags: ["API keys"],
  summary: "List API keys",
  description: "Live and revoked keys, newest first, with their prefix and last use. Keys themselves are never shown again.",
  request: { params: idParams({ brandId: "brd" }) },
  responses: { 200: jsonResponse(z.object({ data: z.array(ApiKey) }), "The brand's keys."), ...commonErrors },
});

export function registerListApiKeys(app: DashboardApp) {
  app.openapi(listApiKeysRoute, async (c) => {
    const rows = await withAccessedBrand(c, (tx) => listApiKeys(tx));
    return c.json({ data: rows.map(serializeApiKey) }, 200);
  });
}
