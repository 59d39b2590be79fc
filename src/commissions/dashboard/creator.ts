import { z } from "@hono/zod-openapi";
import { inArray } from "drizzle-orm";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { withCreator } from "../../creators/access";
import { COMMISSION_STATUSES, payouts } from "../../infra/db/schema";
import { ModeQuery, livemodeOf } from "../../infra/http/mode";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../../infra/http/pagination";
import { commonErrors, jsonResponse } from "../../infra/http/schemas";
import { balances, listCommissions, monthlyEarnings } from "../queries";
import { CreatorCommission, CreatorEarnings, serializeCommission } from "../schemas";

const CHART_MONTHS = 12;

export const creatorEarningsRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/creator/earnings",
  tags: ["Creator"],
  summary: "Your earnings",
  description:
    "Balances per brand and currency (pending, approved, paid, clawbacks to net) and net commissions per month over the last year. Live commissions by default; `mode=test` shows those from brands' test-mode payments instead.",
  request: { query: ModeQuery },
  responses: { 200: jsonResponse(CreatorEarnings, "Balances and the monthly series."), ...commonErrors },
});

export const creatorCommissionsRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/creator/commissions",
  tags: ["Creator"],
  summary: "Your commissions",
  description: "Every commission across the brands you work with, newest first, each with the explanation of its amount. Live by default; `mode=test` lists test-mode ones instead.",
  request: {
    query: PageQuery.extend(ModeQuery.shape).extend({
      status: z.enum(COMMISSION_STATUSES).optional(),
      brand_id: z.string().regex(/^brd_[0-9a-z]{26}$/, "must be an id starting with brd_").optional(),
    }),
  },
  responses: { 200: jsonResponse(pageSchema(CreatorCommission), "A page of commissions."), ...commonErrors },
});

export function registerCreatorEarningsRoutes(app: DashboardApp) {
  app.openapi(creatorEarningsRoute, async (c) => {
    const livemode = livemodeOf(c.req.valid("query"));
    // Affiliate principal: RLS shows the creator's own commissions, of every brand.
    const { rows, months } = await withCreator(c, async (tx, creator) => ({
      rows: await balances(tx, { affiliateId: creator.affiliateId, livemode }, true),
      months: await monthlyEarnings(tx, CHART_MONTHS, livemode),
    }));
    return c.json({ balances: rows.map((r) => ({ brand: { id: r.brandId, name: r.brandName }, ...r.amounts })), months }, 200);
  });

  app.openapi(creatorCommissionsRoute, async (c) => {
    const query = c.req.valid("query");
    const { limit, cursor, status, brand_id } = query;
    const { rows, shownPayouts } = await withCreator(c, async (tx, creator) => {
      const rows = await listCommissions(tx, { livemode: livemodeOf(query), affiliateId: creator.affiliateId, status, brandId: brand_id }, { limit, before: decodeCursor(cursor) });
      // A brand's preview reserves commissions (payout_id) before anyone approved it: the
      // creator learns of a payout only once RLS shows it (its run approved, 0033).
      const named = [...new Set(rows.flatMap((r) => (r.commission.payoutId ? [r.commission.payoutId] : [])))];
      const shown = named.length > 0 ? await tx.select({ id: payouts.id }).from(payouts).where(inArray(payouts.id, named)) : [];
      return { rows, shownPayouts: new Set(shown.map((p) => p.id)) };
    });
    return c.json(
      toPage(rows, limit, (r) => {
        const { review_reasons: _reasons, reviewed_at: _reviewed, ...own } = serializeCommission(r.commission);
        const payoutId = own.payout_id && shownPayouts.has(own.payout_id) ? own.payout_id : null;
        return { ...own, payout_id: payoutId, brand_name: r.brandName, campaign_name: r.campaignName };
      }),
      200,
    );
  });
}
