import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { recordAudit, userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { commonErrors, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { newId } from "../../infra/ids";
import { idempotentSecretWrite } from "../../infra/http/idempotency";
import { accessedBrandTransaction, brandAccessOf } from "../../teams/guard";
import { generateApiKey, hashApiKey } from "../keys";
import { insertApiKey } from "../queries";
import { CreateApiKey, CreatedApiKey, serializeApiKey } from "../schemas";

export const createApiKeyRoute = dashboardRoute({ brand: "api_keys.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/api-keys",
  tags: ["API keys"],
  summary: "Create an API key",
  description: "The answer carries the key once; only its SHA-256 is stored. Send `Idempotency-Key` to retry safely: a replay answers `key: null`.",
  request: { params: idParams({ brandId: "brd" }), body: jsonBody(CreateApiKey) },
  responses: { 201: jsonResponse(CreatedApiKey, "The new key, shown once."), ...commonErrors },
});

export function registerCreateApiKey(app: DashboardApp) {
  app.openapi(createApiKeyRoute, async (c) => {
    const { name } = c.req.valid("json");
    const { key, prefix } = generateApiKey("live");
    const keyHash = await hashApiKey(key);
    const access = brandAccessOf(c);
    // The key is shown once: a replay of this request answers `key: null` (src/infra/http/idempotency.ts).
    const { secret, ...created } = await idempotentSecretWrite(c, accessedBrandTransaction(c), { name }, async (tx) => {
      const row = await insertApiKey(tx, { id: newId("apiKey"), brandId: access.brandId, name, prefix, keyHash, createdByUserId: access.userId });
      await recordAudit(tx, {
        brandId: access.brandId,
        actor: userActor(access.userId),
        action: "api_key.created",
        target: { type: "api_key", id: row.id },
        metadata: { name, prefix },
        client: clientInfo(c),
      });
      return { body: serializeApiKey(row), secret: key };
    });
    return c.json({ ...created, key: secret }, 201);
  });
}
