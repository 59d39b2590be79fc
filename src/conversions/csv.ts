import { minorToDecimal } from "../money";
import type { Conversion } from "./schemas";

/**
 * CSV (RFC 4180) for spreadsheets. Text that a spreadsheet would run as a formula (a
 * creator's display name starting with `=`, an invoice id from a brand's server) is
 * prefixed with `'`; numbers are written as they are.
 */

type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: empty for null, quoted when it holds a comma, quote or line break. */
export function csvField(value: Cell, kind: "text" | "number" = "text"): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (kind === "text" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: string[]): string {
  return `${fields.join(",")}\r\n`;
}

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

export const CONVERSION_CSV_HEADER = csvLine([...CONVERSION_CSV_COLUMNS]);

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
