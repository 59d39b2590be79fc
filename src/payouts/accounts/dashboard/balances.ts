import { withCreator } from "../../../creators/access";
import { dashboardRoute } from "../../../infra/api/dashboard-route";
import type { DashboardApp } from "../../../infra/api/dashboard-types";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../../infra/http/schemas";
import { creatorBalances, creatorPayouts } from "../balances";
import { CreatorPayout, CreatorPayoutBalances, serializeBalance, serializeCreatorPayout } from "../schemas";

export const creatorPayoutBalancesRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/creator/payouts/balances",
  tags: ["Creator payouts"],
  summary: "Your balances per brand",
  description: "Per brand and currency: pending, approved (due at the next run), in a payout being paid, paid, clawbacks to net, and the brand's next payout date. Live money only.",
  responses: { 200: jsonResponse(CreatorPayoutBalances, "Balances, by brand name."), ...commonErrors },
});

export const listCreatorPayoutsRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/creator/payouts",
  tags: ["Creator payouts"],
  summary: "Your payouts across brands",
  description: "Every brand's payouts to you, newest first, with Stripe's transfer id once paid and, when a run carried you forward, why.",
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageSchema(CreatorPayout), "Your payouts, newest first."), ...commonErrors },
});

export function registerCreatorPayoutBalanceRoutes(app: DashboardApp) {
  app.openapi(creatorPayoutBalancesRoute, async (c) => {
    const rows = await withCreator(c, (tx, creator) => creatorBalances(tx, creator.affiliateId));
    return c.json({ data: rows.map(serializeBalance) }, 200);
  });

  app.openapi(listCreatorPayoutsRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await withCreator(c, (tx, creator) => creatorPayouts(tx, creator.affiliateId, { limit, before: decodeCursor(cursor) }));
    return c.json(toPage(rows, limit, serializeCreatorPayout), 200);
  });
}
