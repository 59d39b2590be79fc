import { csvField, csvHeader, csvLine } from "../infra/http/csv";
import type { commissions } from "../infra/db/schema";
import { minorToDecimal } from "../money";

export const COMMISSION_CSV_COLUMNS = [
  "id",
  "created_at",
  "kind",
  "status",
  "amount",
  "currency",
  "amount_minor",
  "affiliate_id",
  "affiliate_name",
  "campaign_id",
  "campaign_name",
  "conversion_id",
  "source_event_id",
  "reverses_commission_id",
  "hold_until",
  "held_for_review",
  "review_reasons",
  "approved_at",
  "paid_at",
  "payout_id",
  "explanation",
] as const;

export const COMMISSION_CSV_HEADER = csvHeader(COMMISSION_CSV_COLUMNS);

type Row = { commission: typeof commissions.$inferSelect; affiliateName: string | null; campaignName: string | null };

/**
 * A commission as a CSV line (the conversions export's conventions: `amount` is the decimal
 * of the major unit beside the integer minor units, text never runs as a formula). Multi-line
 * cells hold the review reasons and the explanation, one line each.
 */
export function commissionCsvLine({ commission: c, affiliateName, campaignName }: Row): string {
  return csvLine([
    csvField(c.id),
    csvField(c.createdAt.toISOString()),
    csvField(c.kind),
    csvField(c.status),
    csvField(minorToDecimal(c.amount, c.currency), "number"),
    csvField(c.currency),
    csvField(c.amount, "number"),
    csvField(c.affiliateId),
    csvField(affiliateName),
    csvField(c.campaignId),
    csvField(campaignName),
    csvField(c.conversionId),
    csvField(c.sourceEventId),
    csvField(c.reversesId),
    csvField(c.holdUntil.toISOString()),
    csvField(c.heldForReview),
    csvField(c.reviewReasons.map((r) => r.reason).join("\n")),
    csvField(c.approvedAt?.toISOString() ?? null),
    csvField(c.paidAt?.toISOString() ?? null),
    csvField(c.payoutId),
    csvField(c.explanation.lines.join("\n")),
  ]);
}
