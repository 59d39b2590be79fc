import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api, type DeadLetter } from "./api";
import { LoadMore, usePagedList } from "./paged-list";
import { Empty, ErrorNotice, Loaded, formatDate, useSubmit } from "./ui";

const QUEUE_LABELS: Record<DeadLetter["queue"], string> = { "rekomi-events": "S2S event", "rekomi-clicks": "Clicks", "rekomi-webhooks": "Webhook delivery", "rekomi-payouts": "Payout step or Stripe event" };

/**
 * Dead letters: what was accepted but could not be stored, with the error, and a replay
 * button (replaying twice is replaying once). The brand's Developers page and staff's
 * Admin page show the same table from their own endpoint.
 */
export function DeadLetters({ listPath, replayPath, manage, showBrand = false }: { listPath: string; replayPath: (id: string) => string; manage: boolean; showBrand?: boolean }) {
  const list = usePagedList<DeadLetter>(`${listPath}?limit=50`);
  const { state, reload } = list;
  const [open, setOpen] = useState<string | null>(null);
  const replay = useSubmit(async (d: DeadLetter) => {
    await api(replayPath(d.id), { method: "POST" });
    reload();
  });
  return (
    <Loaded state={state} reload={reload}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty title="No dead letters">
            <p class="small">Everything accepted was stored.</p>
          </Empty>
        ) : (
          <>
            {replay.generalError && <ErrorNotice error={replay.generalError} />}
            <table class="grid" data-testid="dead-letters">
              <thead>
                <tr>
                  <th>What</th>
                  {showBrand && <th>Brand</th>}
                  <th>Error</th>
                  <th>Seen</th>
                  <th>Replays</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <Fragment key={d.id}>
                    <tr>
                      <td>
                        <strong>{QUEUE_LABELS[d.queue]}</strong>
                        {d.event_id && (
                          <div class="small muted">
                            <code>{d.event_id}</code>
                          </div>
                        )}
                        {d.stored !== null && <span class={`badge ${d.stored ? "active" : "archived"}`}>{d.stored ? "stored" : "not stored"}</span>}
                      </td>
                      {showBrand && (
                        <td class="small">
                          <code>{d.brand_id ?? "—"}</code>
                        </td>
                      )}
                      <td class="small">{d.error}</td>
                      <td class="small">
                        {formatDate(d.first_seen_at)}
                        {d.last_seen_at !== d.first_seen_at && <div class="muted">last {formatDate(d.last_seen_at)}</div>}
                        <div class="muted">{d.attempts} attempts</div>
                      </td>
                      <td class="small">
                        {d.replay_count}
                        {d.last_replayed_at && <div class="muted">{formatDate(d.last_replayed_at)}</div>}
                      </td>
                      <td class="actions">
                        <button type="button" class="link" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                          {open === d.id ? "Hide" : "Raw"}
                        </button>
                        {manage && (
                          <button type="button" class="secondary small-button" disabled={replay.busy} onClick={() => replay.submit(d)}>
                            Replay
                          </button>
                        )}
                      </td>
                    </tr>
                    {open === d.id && (
                      <tr>
                        <td colSpan={showBrand ? 6 : 5}>
                          <code class="excerpt">{d.raw}</code>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
            <LoadMore list={list}>Load more</LoadMore>
          </>
        )
      }
    </Loaded>
  );
}
