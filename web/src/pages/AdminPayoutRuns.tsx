import { useState } from "preact/hooks";
import { api, type AdminPayoutRun } from "../api";
import { formatMoney } from "../money";
import { Empty, Loaded, formatDate, useLoad } from "../ui";

/** Staff: failed charges, runs stuck charging or transferring, and runs with failed or reversed transfers, across brands. */
export function PayoutRunsInTrouble() {
  const [all, setAll] = useState(false);
  const { state, reload } = useLoad(() => api<{ data: AdminPayoutRun[] }>(`/api/admin/payout-runs?limit=100${all ? "" : "&trouble=true"}`), [all]);
  return (
    <div class="stack">
      <label class="field checkbox" for="f-all-runs">
        <input id="f-all-runs" type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
        <span>Show every recent run, not only those in trouble</span>
      </label>
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title={all ? "No payout runs yet" : "No payout runs in trouble"} />
          ) : (
            <table class="grid" data-testid="payout-runs-in-trouble">
              <thead>
                <tr>
                  <th>Brand</th>
                  <th>Run</th>
                  <th>Status</th>
                  <th>Amounts</th>
                  <th>Stripe</th>
                  <th>Trouble</th>
                </tr>
              </thead>
              <tbody>
                {data.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <strong>{r.brand.name}</strong>
                      <div class="muted small">
                        <code>{r.brand.id}</code>
                      </div>
                    </td>
                    <td class="small">
                      <code>{r.id}</code>
                      <div>created {formatDate(r.created_at)}</div>
                      <div>last step {formatDate(r.updated_at)}</div>
                    </td>
                    <td>
                      <span class="badge">{r.status}</span>
                      <div class="small">attempt {r.attempt}</div>
                    </td>
                    <td class="small">
                      <div>charged {formatMoney(r.charge_amount, r.currency)}</div>
                      <div>transfers {formatMoney(r.transfer_amount, r.currency)}</div>
                      <div>fee {formatMoney(r.fee_amount, r.currency)}</div>
                      <div>refunded {formatMoney(r.refunded_amount, r.currency)}</div>
                    </td>
                    <td class="small">
                      {r.payment_intent_id && <div><code>{r.payment_intent_id}</code></div>}
                      {r.charge_id && <div><code>{r.charge_id}</code></div>}
                      <div>group <code>{r.transfer_group}</code></div>
                    </td>
                    <td class="small">
                      {r.failure_message && (
                        <div>
                          {r.failure_message} {r.failure_code && <code>{r.failure_code}</code>}
                        </div>
                      )}
                      {r.troubled_payouts.map((p) => (
                        <div key={p.id}>
                          {p.status} {formatMoney(p.amount, p.currency)} to <code>{p.stripe_account_id ?? p.affiliate_id}</code>
                          {p.transfer_id && <> (<code>{p.transfer_id}</code>)</>}
                          {p.failure_message && `: ${p.failure_message}`}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </div>
  );
}
