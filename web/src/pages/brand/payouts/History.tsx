import { useState } from "preact/hooks";
import { api, saveFrom } from "../../../api";
import { formatMoney } from "../../../money";
import { LoadMore, usePagedList } from "../../../paged-list";
import { Empty, ErrorNotice, Loaded, formatDate, useLoad, useSubmit } from "../../../ui";
import { RunStatus } from "./labels";
import { RunLines } from "./RunLines";
import type { PayoutRun } from "./types";

/** One run in full: its lines with Stripe's ids, and Retry / Cancel when its charge failed. */
function RunDetail({ brandId, runId, editable, onClose, onChanged }: { brandId: string; runId: string; editable: boolean; onClose: () => void; onChanged: () => void }) {
  const { state, reload } = useLoad(() => api<PayoutRun>(`/api/brands/${brandId}/payout-runs/${runId}`), [brandId, runId]);
  const act = useSubmit(async (action: "retry" | "cancel", run: PayoutRun) => {
    const question =
      action === "retry"
        ? `Charge ${formatMoney(run.charge_amount, run.currency)} again with the payment method saved now?`
        : "Cancel this run? Nothing was paid; its commissions stay owed and go into the next run.";
    if (!confirm(question)) return;
    await api(`/api/brands/${brandId}/payout-runs/${runId}/${action}`, { method: "POST" });
    reload();
    onChanged();
  });
  return (
    <aside class="drawer" aria-label="Payout run" data-testid="payout-run">
      <p>
        <button type="button" class="secondary small-button" onClick={onClose}>
          Close
        </button>
      </p>
      <Loaded state={state} reload={reload}>
        {(run) => (
          <div class="stack">
            <h2>
              {formatMoney(run.transfer_amount, run.currency)} to creators <RunStatus run={run} />
            </h2>
            {run.failure_message && (
              <p>
                {run.failure_message} {run.failure_code && <code>{run.failure_code}</code>}
              </p>
            )}
            <dl>
              <dt>charged</dt>
              <dd>{formatMoney(run.charge_amount, run.currency)}</dd>
              <dt>Stripe fee</dt>
              <dd>{formatMoney(run.fee_amount, run.currency)}</dd>
              <dt>refunded to you</dt>
              <dd>{formatMoney(run.refunded_amount, run.currency)}</dd>
              <dt>payment</dt>
              <dd>{run.payment_intent_id ? <code>{run.payment_intent_id}</code> : "—"}</dd>
              <dt>charge</dt>
              <dd>{run.charge_id ? <code>{run.charge_id}</code> : "—"}</dd>
              <dt>transfer group</dt>
              <dd>
                <code>{run.transfer_group}</code>
              </dd>
              <dt>attempts</dt>
              <dd>{run.attempt}</dd>
              <dt>approved</dt>
              <dd>{formatDate(run.approved_at)}</dd>
              <dt>completed</dt>
              <dd>{formatDate(run.completed_at)}</dd>
            </dl>
            <RunLines items={run.items ?? []} ids />
            {act.generalError && <ErrorNotice error={act.generalError} />}
            <p class="actions">
              <button type="button" class="secondary" onClick={() => saveFrom(`/api/brands/${brandId}/payouts/export.csv?run_id=${encodeURIComponent(run.id)}`)}>
                Export lines (CSV)
              </button>{" "}
              {editable && run.status === "failed" && (
                <>
                  <button type="button" disabled={act.busy} onClick={() => act.submit("retry", run)}>
                    Retry
                  </button>{" "}
                  <button type="button" class="danger" disabled={act.busy} onClick={() => act.submit("cancel", run)}>
                    Cancel run
                  </button>
                </>
              )}
            </p>
          </div>
        )}
      </Loaded>
    </aside>
  );
}

/** Every run, newest first, with a detail drawer and CSV exports. */
export function History({ brandId, editable, onChanged }: { brandId: string; editable: boolean; onChanged: () => void }) {
  const list = usePagedList<PayoutRun>(`/api/brands/${brandId}/payout-runs?limit=20`);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section class="stack" aria-label="History">
      <h2>History</h2>
      <p>
        <button type="button" class="secondary" onClick={() => saveFrom(`/api/brands/${brandId}/payout-runs/export.csv`)}>
          Export runs (CSV)
        </button>
      </p>
      <Loaded state={list.state} reload={list.reload}>
        {(runs) =>
          runs.length === 0 ? (
            <Empty title="No payout runs yet" />
          ) : (
            <>
              <table class="grid" data-testid="payout-runs">
                <thead>
                  <tr>
                    <th>Created</th>
                    <th>Status</th>
                    <th>Creators</th>
                    <th>Transfers</th>
                    <th>Charged</th>
                    <th>Refunded</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {runs.map((r) => (
                    <tr key={r.id}>
                      <td class="small">
                        {formatDate(r.created_at)}
                        {r.trigger === "schedule" && <div class="muted">scheduled</div>}
                      </td>
                      <td>
                        <RunStatus run={r} />
                      </td>
                      <td class="small">
                        {r.payable_count} paid · {r.skipped_count} carried forward
                      </td>
                      <td>{formatMoney(r.transfer_amount, r.currency)}</td>
                      <td>{formatMoney(r.charge_amount, r.currency)}</td>
                      <td>{formatMoney(r.refunded_amount, r.currency)}</td>
                      <td class="actions">
                        <button type="button" class="secondary small-button" onClick={() => setOpen(r.id)}>
                          Details
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore list={list}>Load older runs</LoadMore>
            </>
          )
        }
      </Loaded>
      {open && (
        <RunDetail
          brandId={brandId}
          runId={open}
          editable={editable}
          onClose={() => setOpen(null)}
          onChanged={() => {
            list.reload();
            onChanged();
          }}
        />
      )}
    </section>
  );
}
