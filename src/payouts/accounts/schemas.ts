import { z } from "@hono/zod-openapi";
import { PAYOUT_SKIP_REASONS, PAYOUT_STATUSES } from "../../infra/db/schema";
import { Timestamp } from "../../infra/http/schemas";
import { accountStatus, type PayoutAccountRow } from "./apply";
import { SKIP_REASON_TEXT, type CreatorBalance, type creatorPayouts } from "./balances";

export const StartOnboarding = z
  .object({
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code (ISO 3166-1 alpha-2) such as `US` or `DE`")
      .transform((c) => c.toUpperCase())
      .openapi({ example: "US", description: "The country of the creator (and of the bank account Stripe pays out to). Stripe does not let it change later." }),
  })
  .openapi("StartPayoutOnboarding");

export const StripeLink = z.object({ url: z.string().openapi({ example: "https://connect.stripe.com/setup/e/acct_1Q…" }) }).openapi("CreatorStripeLink");

const BankPayout = z
  .object({ id: z.string(), status: z.string(), amount: z.number().int(), currency: z.string(), arrival_date: z.number().int().nullable() })
  .openapi("BankPayout", { description: "Stripe's latest payout from your Stripe balance to your bank." });

export const PayoutAccount = z
  .object({
    object: z.literal("payout_account"),
    status: z.enum(["not_started", "incomplete", "restricted", "active"]),
    stripe_account_id: z.string().nullable(),
    country: z.string().nullable(),
    details_submitted: z.boolean(),
    transfers_active: z.boolean(),
    payouts_enabled: z.boolean(),
    requirements_due: z.array(z.string()).openapi({ description: "What Stripe needs now (`currently_due` and `past_due`), in Stripe's field names." }),
    requirements_eventually_due: z.array(z.string()),
    disabled_reason: z.string().nullable(),
    last_bank_payout: BankPayout.nullable(),
    payouts_configured: z.boolean().openapi({ description: "False when this deployment has no Stripe platform account (onboarding answers 503)." }),
  })
  .openapi("PayoutAccount");

export function serializePayoutAccount(row: PayoutAccountRow | undefined, payoutsConfigured: boolean): z.infer<typeof PayoutAccount> {
  return {
    object: "payout_account",
    status: accountStatus(row),
    stripe_account_id: row?.stripeAccountId ?? null,
    country: row?.country ?? null,
    details_submitted: row?.detailsSubmitted ?? false,
    transfers_active: row?.transfersActive ?? false,
    payouts_enabled: row?.payoutsEnabled ?? false,
    requirements_due: row?.requirementsDue ?? [],
    requirements_eventually_due: row?.requirementsEventuallyDue ?? [],
    disabled_reason: row?.disabledReason ?? null,
    last_bank_payout: row?.lastBankPayout ?? null,
    payouts_configured: payoutsConfigured,
  };
}

const money = (description: string) => z.number().int().openapi({ description });

export const CreatorPayoutBalance = z
  .object({
    brand: z.object({ id: z.string(), name: z.string().nullable() }),
    currency: z.string(),
    pending: money("Earnings still in the brand's hold period, net of reversals."),
    approved: money("Approved and due at the brand's next payout run."),
    in_payout: money("Reserved by a payout run that is being paid now."),
    paid: money("Paid to your Stripe account (net of clawbacks already netted)."),
    clawback_outstanding: money("Refunds after a payout, netted by the next run (zero or negative)."),
    next_payout_date: Timestamp.nullable().openapi({ description: "When the brand's next scheduled run opens; null when the brand pays manually." }),
  })
  .openapi("CreatorPayoutBalance");

export const CreatorPayoutBalances = z.object({ data: z.array(CreatorPayoutBalance) }).openapi("CreatorPayoutBalances");

export function serializeBalance(b: CreatorBalance): z.infer<typeof CreatorPayoutBalance> {
  return {
    brand: { id: b.brandId, name: b.brandName },
    currency: b.currency,
    pending: b.pending,
    approved: b.approved,
    in_payout: b.inPayout,
    paid: b.paid,
    clawback_outstanding: b.clawbackOutstanding,
    next_payout_date: b.nextPayoutAt?.toISOString() ?? null,
  };
}

export const CreatorPayout = z
  .object({
    id: z.string(),
    object: z.literal("payout"),
    brand: z.object({ id: z.string(), name: z.string().nullable() }),
    amount: z.number().int(),
    currency: z.string(),
    status: z.enum(PAYOUT_STATUSES),
    skip_reason: z.enum(PAYOUT_SKIP_REASONS).nullable(),
    skip_reason_text: z.string().nullable().openapi({ description: "Why the brand's run carried your balance forward, in words." }),
    transfer_id: z.string().nullable(),
    paid_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .openapi("CreatorPayout");

type PayoutRow = Awaited<ReturnType<typeof creatorPayouts>>[number];

export function serializeCreatorPayout(p: PayoutRow): z.infer<typeof CreatorPayout> {
  return {
    id: p.id,
    object: "payout",
    brand: { id: p.brandId, name: p.brandName },
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    skip_reason: p.skipReason,
    skip_reason_text: p.skipReason ? SKIP_REASON_TEXT[p.skipReason] : null,
    transfer_id: p.transferId,
    paid_at: p.paidAt?.toISOString() ?? null,
    created_at: p.createdAt.toISOString(),
  };
}
