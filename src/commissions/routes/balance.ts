import { createRoute } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { findAffiliate } from "../../creators/affiliates";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonResponse } from "../../infra/http/schemas";
import { balances } from "../queries";
import { Balance } from "../schemas";

export const affiliateBalanceRoute = createRoute({
  method: "get",
  path: "/v1/affiliates/{id}/balance",
  tags: ["Commissions"],
  summary: "A creator's balance with the brand",
  description: "What the brand owes a creator it works with, per currency: pending, approved, paid, and clawbacks the next payout will net.",
  security: bearer,
  request: { params: idParam("aff") },
  responses: { 200: jsonResponse(Balance, "The balance."), ...commonErrors },
});

export function registerAffiliateBalance(app: V1App) {
  app.openapi(affiliateBalanceRoute, async (c) => {
    const { id } = c.req.valid("param");
    const result = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      const affiliate = await findAffiliate(tx, id);
      // Only creators the brand works with: a network creator it never enrolled has no balance here.
      if (!affiliate?.enrolled) return null;
      return balances(tx, { affiliateId: id }, false);
    });
    if (!result) throw new ApiError("not_found", `No affiliate ${id} in your campaigns.`, { param: "id" });
    return c.json({ object: "balance" as const, affiliate_id: id, balances: result.map((r) => r.amounts) }, 200);
  });
}
