import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Tx } from "../../infra/db/client";
import { payoutAccounts } from "../../infra/db/schema";

export type PayoutAccountRow = typeof payoutAccounts.$inferSelect;

/** The fields of Stripe's Account (from the SDK) that the row mirrors. */
export type StripeAccountObject = Pick<Stripe.Account, "id" | "details_submitted" | "payouts_enabled" | "capabilities" | "requirements">;

/** The status columns Stripe's Account says, and nothing else (a browser never sets them). */
export function statusColumns(account: StripeAccountObject) {
  const requirements = account.requirements;
  return {
    detailsSubmitted: Boolean(account.details_submitted),
    transfersActive: account.capabilities?.transfers === "active",
    payoutsEnabled: Boolean(account.payouts_enabled),
    requirementsDue: [...new Set([...(requirements?.currently_due ?? []), ...(requirements?.past_due ?? [])])],
    requirementsEventuallyDue: requirements?.eventually_due ?? [],
    disabledReason: requirements?.disabled_reason ?? null,
  };
}

/**
 * Mirrors Stripe's Account on its creator's row: the refresh route and `account.updated` both
 * retrieve the account from Stripe and come here, so what is applied is always Stripe's
 * current answer, never an event's possibly older copy. Runs under the owning creator's
 * principal; returns the row, or undefined when no creator owns the account.
 */
export async function applyAccount(tx: Tx, account: StripeAccountObject): Promise<PayoutAccountRow | undefined> {
  const [row] = await tx
    .update(payoutAccounts)
    .set({ ...statusColumns(account), updatedAt: new Date() })
    .where(eq(payoutAccounts.stripeAccountId, account.id))
    .returning();
  return row;
}

export type PayoutAccountStatus = "not_started" | "incomplete" | "restricted" | "active";

/**
 * One word for the creator: `not_started` (no account, or Stripe's form never submitted),
 * `incomplete` (submitted, but Stripe still needs something before transfers can arrive),
 * `restricted` (Stripe disabled transfers or payouts: `disabled_reason`), `active` (a
 * transfer can be made and reaches the bank; Stripe may still ask for more by a deadline,
 * shown as `requirements_due`).
 */
export function accountStatus(row: PayoutAccountRow | undefined): PayoutAccountStatus {
  if (!row || !row.detailsSubmitted) return "not_started";
  if (row.transfersActive && row.payoutsEnabled) return "active";
  if (row.disabledReason) return "restricted";
  return "incomplete";
}
