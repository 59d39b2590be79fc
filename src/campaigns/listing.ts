import type { campaigns, commissionTiers } from "../infra/db/schema";
import { serializeTier } from "./schemas";

type CampaignRow = typeof campaigns.$inferSelect;
type TierRow = typeof commissionTiers.$inferSelect;

/**
 * The terms a creator relies on to decide whether to promote a listed campaign, and that
 * staff approved: changing any of them sends an approved listing back to review. Name,
 * description, niches, markets, landing page, creator links and pausing are not material:
 * they change what a creator reads, not what they are paid or where their traffic goes.
 * `terms` (the program rules) are material: they say what earns a commission, and so are
 * `product_overrides` (per-product rates, kept in their own table and set by their own
 * endpoints: see `materialTermChanged` in changes.ts).
 */
export const MATERIAL_TERMS = [
  "commission",
  "recurring_duration",
  "currency",
  "hold_days",
  "min_payout_amount",
  "cookie_window_days",
  "attribution_model",
  "destination_domain",
  "terms",
  "tiers",
  "product_overrides",
] as const;
export type MaterialTerm = (typeof MATERIAL_TERMS)[number];

/** Human words for each material term (brand email, campaign page, staff queue). */
export const MATERIAL_TERM_LABELS: Record<MaterialTerm, string> = {
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

/** The host a destination URL sends traffic to (a path change on the same site is not material). */
function domainOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

const tierKey = (tiers: TierRow[]) => JSON.stringify(tiers.map(serializeTier));

/**
 * Which material terms differ between two versions of a campaign (and its tiers). Product
 * overrides never change through a campaign update, so they are never reported here.
 */
export function materialChanges(before: { campaign: CampaignRow; tiers: TierRow[] }, after: { campaign: CampaignRow; tiers: TierRow[] }): MaterialTerm[] {
  const a = before.campaign;
  const b = after.campaign;
  const changed: Record<MaterialTerm, boolean> = {
    commission: a.commissionType !== b.commissionType || a.commissionRateBps !== b.commissionRateBps || a.commissionAmount !== b.commissionAmount,
    recurring_duration: a.commissionDuration !== b.commissionDuration || a.commissionDurationMonths !== b.commissionDurationMonths,
    currency: a.currency !== b.currency,
    hold_days: a.holdDays !== b.holdDays,
    min_payout_amount: a.minPayoutAmount !== b.minPayoutAmount,
    cookie_window_days: a.cookieWindowDays !== b.cookieWindowDays,
    attribution_model: a.attributionModel !== b.attributionModel,
    destination_domain: domainOf(a.destinationUrl) !== domainOf(b.destinationUrl),
    terms: (a.terms ?? "").trim() !== (b.terms ?? "").trim(),
    tiers: tierKey(before.tiers) !== tierKey(after.tiers),
    product_overrides: false,
  };
  return MATERIAL_TERMS.filter((t) => changed[t]);
}
