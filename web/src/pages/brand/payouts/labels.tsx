import type { Payout, PayoutRun, PayoutRunStatus, PayoutStatus, SavedPaymentMethod, SkipReason } from "./types";

const RUN_STATUS: Record<PayoutRunStatus, { label: string; badge: string }> = {
  draft: { label: "preview", badge: "paused" },
  charging: { label: "charging", badge: "paused" },
  transferring: { label: "paying creators", badge: "paused" },
  completed: { label: "completed", badge: "active" },
  failed: { label: "charge failed", badge: "review" },
  canceled: { label: "canceled", badge: "archived" },
};

const PAYOUT_STATUS: Record<PayoutStatus, { label: string; badge: string }> = {
  pending: { label: "to pay", badge: "paused" },
  paid: { label: "paid", badge: "active" },
  failed: { label: "transfer failed", badge: "review" },
  reversed: { label: "reversed", badge: "archived" },
  skipped: { label: "carried forward", badge: "archived" },
};

/** Why a creator is not paid this time, in the brand's words. */
export const SKIP_REASONS: Record<SkipReason, string> = {
  below_minimum: "Below your minimum payout: carried forward to a later run.",
  no_payout_account: "Has not set up payouts with Stripe yet.",
  payouts_not_enabled: "Stripe has not enabled transfers to this creator yet (verification pending).",
  tax_form_required: "Needs a valid tax form on file (your policy requires one).",
  nothing_due: "Nothing due: refunds after earlier payouts cancel the earnings.",
};

export function RunStatus({ run }: { run: Pick<PayoutRun, "status"> }) {
  const s = RUN_STATUS[run.status];
  return <span class={`badge ${s.badge}`}>{s.label}</span>;
}

export function PayoutLineStatus({ payout }: { payout: Pick<Payout, "status" | "skip_reason" | "failure_message"> }) {
  const s = PAYOUT_STATUS[payout.status];
  return (
    <>
      <span class={`badge ${s.badge}`}>{s.label}</span>
      {payout.skip_reason && <div class="small muted">{SKIP_REASONS[payout.skip_reason]}</div>}
      {payout.failure_message && <div class="small">{payout.failure_message}</div>}
    </>
  );
}

/** "Visa •••• 4242", "STRIPE TEST BANK •••• 6789". */
export function methodLabel(m: SavedPaymentMethod): string {
  return `${m.label} •••• ${m.last4}`;
}
