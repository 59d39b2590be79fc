/** Words for the material terms whose change sends a listing back to review (src/campaigns/listing.ts MATERIAL_TERM_LABELS). */
const LABELS: Record<string, string> = {
  commission: "commission type or rate",
  recurring_duration: "commission duration",
  currency: "currency",
  hold_days: "hold period",
  min_payout_amount: "minimum payout",
  cookie_window_days: "cookie window",
  attribution_model: "attribution model",
  destination_domain: "destination domain",
  terms: "program terms",
  tiers: "performance tiers",
  product_overrides: "per-product commission rates",
};

export function materialChangeWords(changes: string[]): string {
  return changes.map((c) => LABELS[c] ?? c).join(", ");
}
