import type { CommissionFilters } from "./queries";
import type { ListCommissionsQuery } from "./schemas";

/** Query parameters of a commissions list → the query's filters. */
export function filtersOf(q: ListCommissionsQuery): CommissionFilters {
  return {
    status: q.status,
    kind: q.kind,
    affiliateId: q.affiliate_id,
    campaignId: q.campaign_id,
    heldForReview: q.held_for_review === undefined ? undefined : q.held_for_review === "true",
    createdGte: q.created_gte ? new Date(q.created_gte) : undefined,
    createdLt: q.created_lt ? new Date(q.created_lt) : undefined,
  };
}
