import { Empty } from "../../ui";

/** `/creator/earnings`: a clearly marked placeholder until commissions and payouts land. */
export function Earnings() {
  return (
    <div class="stack">
      <Empty title="Earnings: coming soon">
        <p>Commissions per campaign, pending and approved amounts and earnings over time will show here once commission tracking is live.</p>
      </Empty>
      <Empty title="Payouts: coming soon">
        <p>Stripe onboarding, payout history and tax forms will live here. Nothing to do yet.</p>
      </Empty>
    </div>
  );
}
