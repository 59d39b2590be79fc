import { createRoute, z } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { withBrand } from "../../infra/db/principal";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { listAffiliates } from "../queries";
import { Affiliate, creatorForBrand } from "../schemas";

export const listAffiliatesRoute = createRoute({
  method: "get",
  path: "/v1/affiliates",
  tags: ["Affiliates"],
  summary: "List creators",
  description: "`scope=enrolled` (default): creators in any of your campaigns. `scope=network`: the curated network's creators.",
  security: bearer,
  request: { query: PageQuery.extend({ scope: z.enum(["enrolled", "network"]).default("enrolled") }) },
  responses: { 200: jsonResponse(pageSchema(Affiliate), "A page of creators."), ...commonErrors },
});

export function registerListAffiliates(app: V1App) {
  app.openapi(listAffiliatesRoute, async (c) => {
    const { limit, cursor, scope } = c.req.valid("query");
    const rows = await withBrand(c.var.db(), c.var.brand.id, (tx) => listAffiliates(tx, { scope, limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, (r) => creatorForBrand(r.affiliate, r.consented)), 200);
  });
}
