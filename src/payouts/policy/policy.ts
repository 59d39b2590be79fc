import { eq } from "drizzle-orm";
import type { Tx } from "../../infra/db/client";
import { brands, payoutPolicies, type PayoutSchedule, type SavedPaymentMethod } from "../../infra/db/schema";
import { DomainError } from "../../infra/domain-error";
import { settlementCurrency } from "../countries";
import { nextRunAt } from "../next-run";
import type { UpdatePayoutPolicy } from "../schemas";

/** A brand's payout policy as the API shows it: its row, or the defaults when it has none yet. */
export interface PolicyView {
  schedule: PayoutSchedule;
  weekday: number | null;
  monthDay: number | null;
  minimumAmount: number;
  currency: string;
  requiresApproval: boolean;
  /** `brands.require_tax_form`: the one tax-form rule, shared with tax forms. */
  requireTaxForm: boolean;
  nextRunAt: Date | null;
  paymentMethod: SavedPaymentMethod | null;
  payoutsConfigured: boolean;
}

type PolicyRow = typeof payoutPolicies.$inferSelect;

/**
 * The currency every run is charged and paid in: the settlement currency of Rekomi's platform
 * account (`STRIPE_PLATFORM_COUNTRY`). With separate charges and transfers, a charge in another
 * currency would be converted on settlement, and neither Stripe's fee nor the transfers drawn
 * from it would reconcile with the run's amounts.
 */
export function policyCurrency(platformCountry: string): string {
  const currency = settlementCurrency(platformCountry);
  if (!currency) throw new DomainError("service_unavailable", `Payouts do not know the settlement currency of a Stripe platform account in ${platformCountry}.`);
  return currency;
}

/**
 * The brand's policy (brand principal); creates nothing. Without a row: manual runs, no
 * minimum, approval required. The currency is always the platform's settlement currency
 * (policyCurrency), whatever the brand's default currency or an older row says. `forUpdate`
 * locks the row (the scheduler advancing `next_run_at`).
 */
export async function readPolicy(tx: Tx, brandId: string, platformCountry: string, opts: { forUpdate?: boolean } = {}): Promise<Omit<PolicyView, "payoutsConfigured"> & { stored: boolean }> {
  const [brand] = await tx.select({ requireTaxForm: brands.requireTaxForm }).from(brands).where(eq(brands.id, brandId));
  if (!brand) throw new DomainError("not_found", `No brand ${brandId}.`);
  const query = tx.select().from(payoutPolicies).where(eq(payoutPolicies.brandId, brandId));
  const [row] = opts.forUpdate ? await query.for("update") : await query;
  return { ...viewOf(row), currency: policyCurrency(platformCountry), requireTaxForm: brand.requireTaxForm, stored: row !== undefined };
}

function viewOf(row: PolicyRow | undefined) {
  return {
    schedule: row?.schedule ?? "manual",
    weekday: row?.weekday ?? null,
    monthDay: row?.monthDay ?? null,
    minimumAmount: row?.minimumAmount ?? 0,
    requiresApproval: row?.requiresApproval ?? true,
    nextRunAt: row?.nextRunAt ?? null,
    paymentMethod: row?.paymentMethod ?? null,
  };
}

/**
 * Applies `patch` (any subset) and recomputes `next_run_at`. The day fields follow the
 * schedule: `weekday` only with weekly (required then), `month_day` only with monthly; a day
 * given for another schedule is refused rather than silently dropped; so is a currency other
 * than the platform's settlement currency. Returns the fields whose value changed (for the
 * audit record).
 */
export async function updatePolicy(tx: Tx, brandId: string, platformCountry: string, patch: UpdatePayoutPolicy, now = new Date()): Promise<{ changed: Record<string, unknown> }> {
  const current = await readPolicy(tx, brandId, platformCountry, { forUpdate: true });
  if (patch.currency !== undefined && patch.currency !== current.currency) {
    throw new DomainError("unprocessable", `Payouts are charged and paid in ${current.currency}, the currency Rekomi's Stripe platform account settles in; \`currency\` must be ${current.currency}.`, { param: "currency" });
  }
  const schedule = patch.schedule ?? current.schedule;
  const weekday = dayFor(schedule === "weekly", "weekday", patch.weekday, current.weekday, schedule);
  const monthDay = dayFor(schedule === "monthly", "month_day", patch.month_day, current.monthDay, schedule);
  const next = {
    schedule,
    weekday,
    monthDay,
    minimumAmount: patch.minimum_amount ?? current.minimumAmount,
    currency: current.currency,
    requiresApproval: patch.requires_approval ?? current.requiresApproval,
  };
  const nextRun = nextRunAt(next, now);
  await tx
    .insert(payoutPolicies)
    .values({ brandId, ...next, nextRunAt: nextRun })
    .onConflictDoUpdate({ target: payoutPolicies.brandId, set: { ...next, nextRunAt: nextRun, updatedAt: now } });
  if (patch.require_tax_form !== undefined && patch.require_tax_form !== current.requireTaxForm) {
    await tx.update(brands).set({ requireTaxForm: patch.require_tax_form }).where(eq(brands.id, brandId));
  }
  const after: Record<string, unknown> = {
    schedule,
    weekday,
    month_day: monthDay,
    minimum_amount: next.minimumAmount,
    currency: next.currency,
    requires_approval: next.requiresApproval,
    require_tax_form: patch.require_tax_form ?? current.requireTaxForm,
  };
  const before: Record<string, unknown> = {
    schedule: current.schedule,
    weekday: current.weekday,
    month_day: current.monthDay,
    minimum_amount: current.minimumAmount,
    currency: current.currency,
    requires_approval: current.requiresApproval,
    require_tax_form: current.requireTaxForm,
  };
  const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
  return { changed };
}

function dayFor(applies: boolean, param: "weekday" | "month_day", given: number | null | undefined, current: number | null, schedule: PayoutSchedule): number | null {
  if (!applies) {
    if (given !== undefined && given !== null) throw new DomainError("invalid_request", `\`${param}\` applies only to ${param === "weekday" ? "weekly" : "monthly"} schedules; this one is ${schedule}.`, { param });
    return null;
  }
  const day = given === undefined ? current : given;
  if (day === null) throw new DomainError("invalid_request", `A ${schedule} schedule needs \`${param}\`.`, { param });
  return day;
}
