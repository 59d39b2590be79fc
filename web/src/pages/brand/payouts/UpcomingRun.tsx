import { api, type Page } from "../../../api";
import { formatMoney } from "../../../money";
import { Empty, ErrorNotice, Loaded, Notice, Submit, useLoad, useSubmit } from "../../../ui";
import { methodLabel } from "./labels";
import { RunLines } from "./RunLines";
import type { PayoutPolicy, PayoutRun } from "./types";

/** The brand's newest run with its lines when it is the open preview (one open run per brand). */
async function loadOpenRun(brandId: string): Promise<PayoutRun | null> {
  const newest = (await api<Page<PayoutRun>>(`/api/brands/${brandId}/payout-runs?limit=1`)).data[0];
  if (!newest || newest.status === "completed" || newest.status === "canceled") return null;
  return newest.status === "draft" ? api<PayoutRun>(`/api/brands/${brandId}/payout-runs/${newest.id}`) : newest;
}

/** The next payout: preview it (a draft run), then approve and pay it, or cancel it. */
export function UpcomingRun({ brandId, policy, editable, version, onChanged }: { brandId: string; policy: PayoutPolicy; editable: boolean; version: number; onChanged: () => void }) {
  const { state, reload } = useLoad(() => loadOpenRun(brandId), [brandId, version]);
  const act = useSubmit(async (action: () => Promise<unknown>) => {
    await action();
    reload();
    onChanged();
  });
  const preview = () => act.submit(() => api<PayoutRun>(`/api/brands/${brandId}/payout-runs`, { method: "POST" }));
  const approve = (run: PayoutRun) => {
    const method = policy.payment_method ? methodLabel(policy.payment_method) : "your payment method";
    const message = `Charge ${formatMoney(run.charge_amount, run.currency)} to ${method}? That pays ${formatMoney(run.transfer_amount, run.currency)} to ${run.payable_count} creator${run.payable_count === 1 ? "" : "s"} plus ${formatMoney(run.fee_amount, run.currency)} estimated Stripe fee; any unused part is refunded.`;
    if (confirm(message)) act.submit(() => api(`/api/brands/${brandId}/payout-runs/${run.id}/approve`, { method: "POST" }));
  };
  const cancel = (run: PayoutRun) => {
    if (confirm("Cancel this preview? Its commissions stay owed and go into the next run.")) act.submit(() => api(`/api/brands/${brandId}/payout-runs/${run.id}/cancel`, { method: "POST" }));
  };
  return (
    <section class="stack" aria-label="Upcoming run">
      <h2>Upcoming run</h2>
      {act.generalError && <ErrorNotice error={act.generalError} />}
      <Loaded state={state} reload={reload}>
        {(run) => {
          if (run && run.status !== "draft") {
            return (
              <Notice kind={run.status === "failed" ? "warning" : "info"}>
                <p>
                  {run.status === "failed"
                    ? `The last charge failed${run.failure_message ? ` (${run.failure_message})` : ""}: retry it or cancel it under History before a new preview.`
                    : "A run is being paid: a new preview can be made once it completes."}
                </p>
              </Notice>
            );
          }
          if (!run) {
            return (
              <Empty title="No preview open">
                <p>A preview nets every approved commission per creator and shows what would be paid; nothing is charged until you approve it.</p>
                {editable && (
                  <Submit busy={act.busy} onClick={preview}>
                    Preview next payout
                  </Submit>
                )}
              </Empty>
            );
          }
          return (
            <div class="stack" data-testid="upcoming-run">
              <RunLines items={run.items ?? []} />
              <dl>
                <dt>Transfers</dt>
                <dd>{formatMoney(run.transfer_amount, run.currency)}</dd>
                <dt>Stripe fee (estimate)</dt>
                <dd>{formatMoney(run.fee_amount, run.currency)}</dd>
                <dt>Charged</dt>
                <dd>
                  <strong>{formatMoney(run.charge_amount, run.currency)}</strong>
                </dd>
              </dl>
              {editable && (
                <p class="actions">
                  <Submit busy={act.busy} onClick={() => approve(run)}>
                    Approve and pay
                  </Submit>{" "}
                  <button type="button" class="secondary" disabled={act.busy} onClick={preview}>
                    Preview again
                  </button>{" "}
                  <button type="button" class="danger" disabled={act.busy} onClick={() => cancel(run)}>
                    Cancel
                  </button>
                </p>
              )}
              {editable && !policy.payment_method && <p class="small muted">Add a payment method before approving.</p>}
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}
