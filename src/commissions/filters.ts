import { ModeQuery, livemodeOf } from "../infra/http/mode";
import type { CommissionFilters } from "./queries";
import { ListCommissionsQuery } from "./schemas";

/** What the list and the CSV export filter by: the commissions' own filters, and live or test data (live by default). */
export const CommissionListQuery = ListCommissionsQuery.extend(ModeQuery.shape);

/** Query parameters of a commissions list → the query's filters. */
export function filtersOf(q: ListCommissionsQuery & ModeQuery): CommissionFilters {
  return {
    livemode: livemodeOf(q),
    status: q.status,
    kind: q.kind,
    affiliateId: q.affiliate_id,
    campaignId: q.campaign_id,
    heldForReview: q.held_for_review === undefined ? undefined : q.held_for_review === "true",
    createdGte: q.created_gte ? new Date(q.created_gte) : undefined,
    createdLt: q.created_lt ? new Date(q.created_lt) : undefined,
  };
}
