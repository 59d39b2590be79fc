import type { Campaign, CommissionTier } from "../../api";
import { bpsToPercent, majorToMinor, minorToDecimal, percentToBps } from "../../money";

/** What the form holds: text as typed; money and percentages convert only on submit. */
export interface Draft {
  name: string;
  description: string;
  destination_url: string;
  landing_page_url: string;
  cookie_window_days: string;
  attribution_model: Campaign["attribution_model"];
  visibility: Campaign["visibility"];
  status: Campaign["status"];
  target_markets: string;
  niches: string;
  terms: string;
  allow_creator_links: boolean;
  type: Campaign["commission"]["type"];
  percent: string;
  amount: string;
  currency: string;
  duration: Campaign["commission"]["duration"];
  duration_months: string;
  hold_days: string;
  min_payout: string;
  /** One metric for every tier of a campaign. */
  tier_metric: CommissionTier["metric"];
  tiers: DraftTier[];
}

/** A performance tier as typed: a sales count, or revenue in major units of the campaign currency. */
export interface DraftTier {
  threshold: string;
  type: CommissionTier["type"];
  percent: string;
  amount: string;
}

export const emptyTier = (): DraftTier => ({ threshold: "", type: "percentage", percent: "", amount: "" });

export function draftOf(c: Campaign | null, currency: string): Draft {
  const cur = c?.commission.currency ?? currency;
  return {
    name: c?.name ?? "",
    description: c?.description ?? "",
    destination_url: c?.destination_url ?? "",
    landing_page_url: c?.landing_page_url ?? "",
    cookie_window_days: String(c?.cookie_window_days ?? 30),
    attribution_model: c?.attribution_model ?? "last_click",
    visibility: c?.visibility ?? "private",
    status: c?.status ?? "active",
    target_markets: c?.target_markets.join(", ") ?? "",
    niches: c?.niches.join(", ") ?? "",
    terms: c?.terms ?? "",
    allow_creator_links: c?.allow_creator_links ?? true,
    type: c?.commission.type ?? "percentage",
    percent: c?.commission.rate_bps ? bpsToPercent(c.commission.rate_bps) : "",
    amount: c?.commission.amount ? minorToDecimal(c.commission.amount, cur) : "",
    currency: cur,
    duration: c?.commission.duration ?? "recurring",
    duration_months: String(c?.commission.duration_months ?? 12),
    hold_days: String(c?.commission.hold_days ?? 30),
    min_payout: c ? minorToDecimal(c.commission.min_payout_amount, cur) : "",
    tier_metric: c?.tiers[0]?.metric ?? "sales",
    tiers: (c?.tiers ?? []).map((t) => ({
      threshold: t.metric === "revenue" ? minorToDecimal(t.threshold, cur) : String(t.threshold),
      type: t.type,
      percent: t.rate_bps ? bpsToPercent(t.rate_bps) : "",
      amount: t.amount ? minorToDecimal(t.amount, cur) : "",
    })),
  };
}

const list = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);
const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/** The JSON the campaigns API takes: the same body creates and (PATCH) edits. */
export function bodyOf(d: Draft, editing: boolean) {
  const currency = d.currency.trim().toUpperCase();
  return {
    name: d.name,
    description: d.description.trim() || null,
    destination_url: d.destination_url.trim(),
    landing_page_url: d.landing_page_url.trim() || null,
    cookie_window_days: whole(d.cookie_window_days),
    attribution_model: d.attribution_model,
    visibility: d.visibility,
    ...(editing && { status: d.status }),
    target_markets: list(d.target_markets).map((m) => m.toUpperCase()),
    niches: list(d.niches).map((n) => n.toLowerCase()),
    terms: d.terms.trim() || null,
    allow_creator_links: d.allow_creator_links,
    commission: {
      type: d.type,
      rate_bps: d.type === "percentage" ? percentToBps(d.percent, "commission.rate_bps") : null,
      amount: d.type === "flat" ? majorToMinor(d.amount, currency, "commission.amount") : null,
      currency,
      duration: d.duration,
      duration_months: d.duration === "recurring" ? whole(d.duration_months) : null,
      hold_days: whole(d.hold_days),
      min_payout_amount: majorToMinor(d.min_payout, currency, "commission.min_payout_amount") ?? 0,
    },
    tiers: d.tiers.map((t, i) => ({
      metric: d.tier_metric,
      threshold: d.tier_metric === "revenue" ? (majorToMinor(t.threshold, currency, `tiers.${i}.threshold`) ?? Number.NaN) : whole(t.threshold),
      type: t.type,
      rate_bps: t.type === "percentage" ? percentToBps(t.percent, `tiers.${i}.rate_bps`) : null,
      amount: t.type === "flat" ? majorToMinor(t.amount, currency, `tiers.${i}.amount`) : null,
    })),
  };
}

/** Fields whose server errors (`param`) show under their input. */
export const FIELDS = [
  "name",
  "description",
  "destination_url",
  "landing_page_url",
  "cookie_window_days",
  "target_markets",
  "niches",
  "terms",
  "commission.rate_bps",
  "commission.amount",
  "commission.currency",
  "commission.duration_months",
  "commission.hold_days",
  "commission.min_payout_amount",
  "commission",
  "tiers",
];
