import { z } from "@hono/zod-openapi";
import { ModeQuery } from "../infra/http/mode";
import type { SeriesType } from "./queries";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day like 2026-11-25").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "must be a real calendar day");

export const MAX_ANALYTICS_DAYS = 366;

export const AnalyticsQuery = ModeQuery.extend({
  from: Day.optional().openapi({ description: "First UTC day (inclusive); 29 days before `to` by default." }),
  to: Day.optional().openapi({ description: "Last UTC day (inclusive); today by default." }),
  campaign_id: z.string().regex(/^cmp_[0-9a-z]{26}$/, "must be an id starting with cmp_").optional(),
  affiliate_id: z.string().regex(/^aff_[0-9a-z]{26}$/, "must be an id starting with aff_").optional(),
});

const Revenue = z.object({
  currency: z.string(),
  sales_amount: z.number().int().openapi({ description: "Minor units." }),
  refunds_amount: z.number().int(),
  disputes_amount: z
    .number()
    .int()
    .openapi({ description: "What chargebacks took back (disputes opened), less what disputes won returned; negative on a day more came back than was taken." }),
  net_amount: z.number().int().openapi({ description: "`sales_amount - refunds_amount - disputes_amount`." }),
});

const Counts = z.object({
  clicks: z.number().int(),
  leads: z.number().int(),
  sales: z.number().int(),
  refunds: z.number().int(),
  disputes: z.number().int().openapi({ description: "Disputes opened (chargebacks)." }),
  revenue: z.array(Revenue).openapi({ description: "One entry per currency: amounts in different currencies are never added up." }),
});

export const Analytics = z
  .object({
    object: z.literal("analytics"),
    from: z.string(),
    to: z.string(),
    days: z.array(Counts.extend({ day: z.string() })).openapi({ description: "Every day of the range, oldest first, zeros included." }),
    totals: Counts,
    top_affiliates: z.array(
      z.object({
        affiliate_id: z.string(),
        display_name: z.string(),
        currency: z.string(),
        clicks: z.number().int(),
        sales: z.number().int(),
        sales_amount: z.number().int(),
        refunds_amount: z.number().int(),
        disputes_amount: z.number().int(),
        net_amount: z.number().int(),
      }),
    ),
  })
  .openapi("Analytics");
export type Analytics = z.infer<typeof Analytics>;
type Counts = z.infer<typeof Counts>;

const emptyCounts = (): Counts => ({ clicks: 0, leads: 0, sales: 0, refunds: 0, disputes: 0, revenue: [] });

const COUNT_OF = { lead: "leads", sale: "sales", refund: "refunds", dispute: "disputes" } as const satisfies Record<SeriesType, keyof Counts>;
const AMOUNT_OF = { sale: "sales_amount", refund: "refunds_amount", dispute: "disputes_amount" } as const;

function addRevenue(counts: Counts, currency: string, type: Exclude<SeriesType, "lead">, amount: number): void {
  let entry = counts.revenue.find((r) => r.currency === currency);
  if (!entry) counts.revenue.push((entry = { currency, sales_amount: 0, refunds_amount: 0, disputes_amount: 0, net_amount: 0 }));
  entry[AMOUNT_OF[type]] += amount;
  entry.net_amount = entry.sales_amount - entry.refunds_amount - entry.disputes_amount;
}

/** Every day from `from` to `to` inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Folds the per-day rows into the answer: zero-filled days, and totals that are the sum of the days. */
export function buildSeries(
  from: string,
  to: string,
  clicks: { day: string; clicks: number }[],
  conversions: { day: string; type: SeriesType; currency: string | null; count: number; amount: number }[],
) {
  const days = new Map(daysBetween(from, to).map((d) => [d, { day: d, ...emptyCounts() }]));
  const totals = emptyCounts();
  for (const c of clicks) {
    days.get(c.day)!.clicks += c.clicks;
    totals.clicks += c.clicks;
  }
  for (const c of conversions) {
    const day = days.get(c.day)!;
    const key = COUNT_OF[c.type];
    day[key] += c.count;
    totals[key] += c.count;
    if (c.type !== "lead" && c.currency) {
      addRevenue(day, c.currency, c.type, c.amount);
      addRevenue(totals, c.currency, c.type, c.amount);
    }
  }
  return { days: [...days.values()], totals };
}
