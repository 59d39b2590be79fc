import type { commissions } from "../db/schema";

/** The most rows one export holds (newest first); narrow the filters for older ones. */
export const CSV_MAX_ROWS = 10_000;

const COLUMNS = [
  "id",
  "created_at",
  "kind",
  "status",
  "amount_minor",
  "currency",
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

/** RFC 4180 quoting; a leading =, +, - or @ is neutralised so spreadsheets never run a cell as a formula. */
function cell(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Row = { commission: typeof commissions.$inferSelect; affiliateName: string | null; campaignName: string | null };

/** Commissions as a CSV document (amounts stay integer minor units, like the API). */
export function commissionsCsv(rows: Row[]): string {
  const lines = rows.map(({ commission: c, affiliateName, campaignName }) =>
    [
      c.id,
      c.createdAt.toISOString(),
      c.kind,
      c.status,
      c.amount,
      c.currency,
      c.affiliateId,
      affiliateName,
      c.campaignId,
      campaignName,
      c.conversionId,
      c.sourceEventId,
      c.reversesId,
      c.holdUntil.toISOString(),
      c.heldForReview,
      c.reviewReasons.map((r) => r.reason).join("\n"),
      c.approvedAt?.toISOString() ?? null,
      c.paidAt?.toISOString() ?? null,
      c.payoutId,
      c.explanation.lines.join("\n"),
    ]
      .map(cell)
      .join(","),
  );
  return [COLUMNS.join(","), ...lines].join("\r\n") + "\r\n";
}
