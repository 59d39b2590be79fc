import type { PayoutSkipReason } from "../infra/db/schema";

/**
 * What a payout run pays each creator. Pure: the caller gives the brand's policy, the
 * commissions that may be paid (approved, live, in no open payout) and what it knows of each
 * creator, and gets one line per creator, so the same inputs always make the same run (the
 * preview is exactly what approval charges) and the property test can drive it in process.
 */

export interface PlannableCommission {
  id: string;
  affiliateId: string;
  /** Signed minor units: earnings and reinstatements > 0, reversals and clawbacks < 0. */
  amount: number;
  currency: string;
}

export interface CreatorFacts {
  /** The creator's connected account, or null when it never onboarded. */
  stripeAccountId: string | null;
  /** Stripe says a transfer to it can be made (`capabilities.transfers` active). */
  transfersActive: boolean;
  /** A valid tax form for this brand, or the brand does not require one. */
  taxFormAllows: boolean;
}

export interface PayoutPolicyFacts {
  currency: string;
  /** Minor units of `currency`; a creator whose net is below is carried forward. */
  minimumAmount: number;
}

export interface PlannedPayout {
  affiliateId: string;
  /** Net of every listed commission. */
  amount: number;
  currency: string;
  commissionIds: string[];
  /** null: to transfer; otherwise why it waits for a later run (nothing moves). */
  skipReason: PayoutSkipReason | null;
  stripeAccountId: string | null;
}

/**
 * One line per creator with commissions in the policy's currency (others wait for a run in
 * theirs). Skip reasons are checked in the order a creator can act on them: a net that is
 * zero or negative (clawbacks wait for earnings to net against), below the minimum, no
 * account, an account Stripe cannot transfer to yet, a missing tax form.
 */
export function planRun(policy: PayoutPolicyFacts, commissions: readonly PlannableCommission[], creators: ReadonlyMap<string, CreatorFacts>): PlannedPayout[] {
  const byCreator = new Map<string, PlannableCommission[]>();
  for (const c of commissions) {
    if (c.currency !== policy.currency) continue;
    const list = byCreator.get(c.affiliateId) ?? [];
    list.push(c);
    byCreator.set(c.affiliateId, list);
  }
  const lines: PlannedPayout[] = [];
  for (const [affiliateId, list] of [...byCreator].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const amount = list.reduce((sum, c) => sum + c.amount, 0);
    const facts = creators.get(affiliateId) ?? { stripeAccountId: null, transfersActive: false, taxFormAllows: false };
    lines.push({
      affiliateId,
      amount,
      currency: policy.currency,
      commissionIds: list.map((c) => c.id).sort(),
      skipReason: skipReason(amount, policy, facts),
      stripeAccountId: facts.stripeAccountId,
    });
  }
  return lines;
}

function skipReason(amount: number, policy: PayoutPolicyFacts, facts: CreatorFacts): PayoutSkipReason | null {
  if (amount <= 0) return "nothing_due";
  if (amount < policy.minimumAmount) return "below_minimum";
  if (!facts.stripeAccountId) return "no_payout_account";
  if (!facts.transfersActive) return "payouts_not_enabled";
  if (!facts.taxFormAllows) return "tax_form_required";
  return null;
}
