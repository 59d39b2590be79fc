import { z } from "@hono/zod-openapi";
import { Timestamp } from "../../infra/http/schemas";
import type { payoutRuns, payouts } from "../../infra/db/schema";
import { PAYOUT_RUN_STATUSES } from "../../infra/db/schema";

export const AdminRunsQuery = z.object({
  trouble: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .openapi({ description: "`true`: only failed runs, runs still moving an hour after approval, runs flagged with a `failure_code` while or after their money moved, and runs with a transfer failed or reversed in the last 30 days." }),
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: "At most this many runs, newest first (1 to 100)." }),
});

const TroubledPayout = z.object({
  id: z.string(),
  affiliate_id: z.string(),
  status: z.enum(["failed", "reversed"]),
  amount: z.number().int(),
  currency: z.string(),
  stripe_account_id: z.string().nullable(),
  transfer_id: z.string().nullable(),
  failure_code: z.string().nullable(),
  failure_message: z.string().nullable(),
  updated_at: Timestamp,
});

export const AdminPayoutRun = z
  .object({
    id: z.string(),
    object: z.literal("payout_run"),
    brand: z.object({ id: z.string(), name: z.string() }),
    status: z.enum(PAYOUT_RUN_STATUSES),
    currency: z.string(),
    transfer_amount: z.number().int(),
    fee_amount: z.number().int(),
    charge_amount: z.number().int(),
    refunded_amount: z.number().int(),
    attempt: z.number().int(),
    payment_intent_id: z.string().nullable(),
    charge_id: z.string().nullable(),
    transfer_group: z.string(),
    failure_code: z.string().nullable().openapi({ description: "Why the charge failed, or a flag for staff on a run whose money moved: `refunded_outside_rekomi`, `charge_disputed`, `refund_failed`, a refused settlement refund or reversal." }),
    failure_message: z.string().nullable(),
    approved_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    troubled_payouts: z.array(TroubledPayout).openapi({ description: "Its failed and reversed payouts." }),
  })
  .openapi("AdminPayoutRun");
export type AdminPayoutRun = z.infer<typeof AdminPayoutRun>;

export function serializeAdminRun(run: typeof payoutRuns.$inferSelect, brandName: string, troubled: (typeof payouts.$inferSelect)[]): AdminPayoutRun {
  return {
    id: run.id,
    object: "payout_run",
    brand: { id: run.brandId, name: brandName },
    status: run.status,
    currency: run.currency,
    transfer_amount: run.transferAmount,
    fee_amount: run.feeAmount,
    charge_amount: run.chargeAmount,
    refunded_amount: run.refundedAmount,
    attempt: run.attempt,
    payment_intent_id: run.paymentIntentId,
    charge_id: run.chargeId,
    transfer_group: run.transferGroup,
    failure_code: run.failureCode,
    failure_message: run.failureMessage,
    approved_at: run.approvedAt?.toISOString() ?? null,
    created_at: run.createdAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
    troubled_payouts: troubled.map((p) => ({
      id: p.id,
      affiliate_id: p.affiliateId,
      status: p.status as "failed" | "reversed",
      amount: p.amount,
      currency: p.currency,
      stripe_account_id: p.stripeAccountId,
      transfer_id: p.transferId,
      failure_code: p.failureCode,
      failure_message: p.failureMessage,
      updated_at: p.updatedAt.toISOString(),
    })),
  };
}
