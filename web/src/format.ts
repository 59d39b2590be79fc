import { bpsToPercent, formatMoney } from "./money";

/** 2550 basis points → "25.5 %", with integer arithmetic (web/src/money.ts). */
export function formatBps(bps: number): string {
  return `${bpsToPercent(bps)} %`;
}

/** "20 % of every payment for 12 months": what a creator earns, in one line. */
export function commissionLabel(c: { type: "percentage" | "flat"; rate_bps: number | null; amount: number | null; currency: string; duration: string; duration_months: number | null }): string {
  const value = c.type === "percentage" ? formatBps(c.rate_bps ?? 0) : formatMoney(c.amount ?? 0, c.currency);
  const duration = c.duration === "recurring" ? `for ${c.duration_months} months` : c.duration === "lifetime" ? "lifetime" : "first payment";
  return `${value} · ${duration}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en", { notation: "compact", maximumFractionDigits: 1 });
}
