import { z } from "@hono/zod-openapi";
import { Timestamp } from "../../infra/http/schemas";
import type { PolicyRow } from "./customer";
import { CHARGEABLE_METHODS } from "./stripe-session";

export const SavedPaymentMethod = z.object({
  id: z.string().openapi({ example: "pm_1QxYz" }),
  type: z.enum(CHARGEABLE_METHODS),
  label: z.string().openapi({ example: "Visa" }),
  last4: z.string().openapi({ example: "4242" }),
});

/**
 * The brand's payout policy, as the contract's PayoutPolicy (the payout policy operations own
 * the named schema; this one is left unnamed so the two never collide in the OpenAPI document).
 */
export const PayoutPolicy = z.object({
  object: z.literal("payout_policy"),
  schedule: z.enum(["manual", "weekly", "monthly"]),
  weekday: z.number().int().nullable(),
  month_day: z.number().int().nullable(),
  minimum_amount: z.number().int(),
  currency: z.string(),
  requires_approval: z.boolean(),
  require_tax_form: z.boolean(),
  next_run_at: Timestamp.nullable(),
  payment_method: SavedPaymentMethod.nullable(),
  payouts_configured: z.boolean(),
});
export type PayoutPolicy = z.infer<typeof PayoutPolicy>;

export function serializePayoutPolicy(row: PolicyRow, requireTaxForm: boolean, payoutsConfigured: boolean): PayoutPolicy {
  return {
    object: "payout_policy",
    schedule: row.schedule,
    weekday: row.weekday,
    month_day: row.monthDay,
    minimum_amount: row.minimumAmount,
    currency: row.currency,
    requires_approval: row.requiresApproval,
    require_tax_form: requireTaxForm,
    next_run_at: row.nextRunAt?.toISOString() ?? null,
    payment_method: row.paymentMethod,
    payouts_configured: payoutsConfigured,
  };
}

export const CheckoutStarted = z.object({ url: z.string().openapi({ description: "Stripe Checkout's page, where the brand saves a card or a bank debit mandate." }) }).openapi("PaymentMethodCheckout");

export const ConfirmCheckout = z.object({
  session_id: z
    .string()
    .regex(/^cs_[A-Za-z0-9_]{1,250}$/, "must be a Checkout Session id (cs_…)")
    .openapi({ description: "The `session` query parameter Stripe Checkout returned to the payouts page with." }),
});
