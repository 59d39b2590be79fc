import { csvField, csvHeader, csvLine } from "../infra/http/csv";
import { minorToDecimal } from "../money";
import type { Conversion } from "./schemas";

export const CONVERSION_CSV_COLUMNS = [
  "id",
  "type",
  "credited",
  "occurred_at",
  "created_at",
  "campaign_id",
  "campaign_name",
  "affiliate_id",
  "affiliate_name",
  "link_code",
  "click_id",
  "customer_external_id",
  "invoice_id",
  "product_id",
  "sale_id",
  "amount",
  "currency",
  "amount_minor",
  "source_event_id",
  "attribution_trail",
] as const;

export const CONVERSION_CSV_HEADER = csvHeader(CONVERSION_CSV_COLUMNS);

/** A conversion as a CSV line: `amount` is the decimal of the major unit ("49.00"), beside its currency and the integer minor units. */
export function conversionCsvLine(c: Conversion, names: { campaign: string | null; affiliate: string | null }): string {
  const money = c.amount !== null && c.currency !== null;
  return csvLine([
    csvField(c.id),
    csvField(c.type),
    csvField(c.credited),
    csvField(c.occurred_at),
    csvField(c.created_at),
    csvField(c.campaign_id),
    csvField(names.campaign),
    csvField(c.affiliate_id),
    csvField(names.affiliate),
    csvField(c.attribution.link_code),
    csvField(c.click_id),
    csvField(c.customer_external_id),
    csvField(c.invoice_id),
    csvField(c.product_id),
    csvField(c.sale_id),
    csvField(money ? minorToDecimal(c.amount!, c.currency!) : null, "number"),
    csvField(c.currency),
    csvField(c.amount, "number"),
    csvField(c.source_event_id),
    csvField(c.attribution.trail),
  ]);
}
