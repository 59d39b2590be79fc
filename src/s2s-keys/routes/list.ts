import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { listS2sKeys } from "../queries";
import { S2sKey, serializeS2sKey } from "../schemas";

export const listS2sKeysRoute = createRoute({
  method: "get",
  path: "/v1/s2s-keys",
  tags: ["S2S keys"],
  summary: "List S2S signing keys",
  description: "Newest first, revoked ones included. Secrets are never listed.",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(S2sKey), "A page of keys."), ...commonErrors },
});

export function registerListS2sKeys(app: V1App) {
  app.openapi(listS2sKeysRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, (tx) => listS2sKeys(tx, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, (r) => serializeS2sKey(r)), 200);
  });
}
