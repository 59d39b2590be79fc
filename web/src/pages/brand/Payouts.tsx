import { useState } from "preact/hooks";
import { api } from "../../api";
import { Loaded, Notice, useLoad } from "../../ui";
import { useBrand } from "./BrandShell";
import { History } from "./payouts/History";
import { PaymentMethod } from "./payouts/PaymentMethod";
import { PolicyForm } from "./payouts/PolicyForm";
import type { PayoutPolicy } from "./payouts/types";
import { UpcomingRun } from "./payouts/UpcomingRun";

/** `/brands/{id}/payouts`: the payout policy, the payment method, the next run and every run so far. */
export function Payouts() {
  const { brand, can } = useBrand();
  const { state, reload } = useLoad(() => api<PayoutPolicy>(`/api/brands/${brand.id}/payout-policy`), [brand.id]);
  const [saved, setSaved] = useState<PayoutPolicy | null>(null);
  // Bumped when one section changes a run, so the other reads the runs again.
  const [upcoming, setUpcoming] = useState(0);
  const [history, setHistory] = useState(0);
  const editable = can("payouts.manage") && brand.status === "active";
  return (
    <div class="stack">
      <Loaded state={state} reload={reload}>
        {(loaded) => {
          const policy = saved ?? loaded;
          if (!policy.payouts_configured) {
            return (
              <Notice kind="warning">
                <p>Payouts are not configured on this deployment: Rekomi's Stripe platform account is not set up, so runs cannot be charged or paid.</p>
              </Notice>
            );
          }
          return (
            <>
              {!editable && (
                <Notice>
                  <p class="small">Only owners and admins change the payout policy, the payment method and runs.</p>
                </Notice>
              )}
              <PaymentMethod brandId={brand.id} policy={policy} editable={editable} onSaved={setSaved} />
              <UpcomingRun brandId={brand.id} policy={policy} editable={editable} version={upcoming} onChanged={() => setHistory((v) => v + 1)} />
              <History key={history} brandId={brand.id} editable={editable} onChanged={() => setUpcoming((v) => v + 1)} />
              <PolicyForm brandId={brand.id} policy={policy} editable={editable} onSaved={setSaved} />
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
