import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api, type WebhookDelivery } from "../../api";
import { LoadMore, usePagedList } from "../../paged-list";
import { Link } from "../../router";
import { Empty, ErrorNotice, Loaded, formatDate, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";

const STATUSES = ["", "pending", "succeeded", "failed"] as const;

function Attempts({ deliveryId }: { deliveryId: string }) {
  const { brand } = useBrand();
  const { state, reload } = useLoad(() => api<WebhookDelivery>(`/api/brands/${brand.id}/webhook-deliveries/${deliveryId}`), [brand.id, deliveryId]);
  return (
    <Loaded state={state} reload={reload}>
      {(d) =>
        (d.attempt_log ?? []).length === 0 ? (
          <p class="small muted">No attempt yet{d.next_attempt_at ? `: the first is due ${formatDate(d.next_attempt_at)}` : ""}.</p>
        ) : (
          <table class="grid compact" data-testid="attempts">
            <thead>
              <tr>
                <th>Attempted</th>
                <th>Answer</th>
                <th>Took</th>
                <th>Response</th>
              </tr>
            </thead>
            <tbody>
              {d.attempt_log!.map((a) => (
                <tr key={a.attempted_at}>
                  <td>{formatDate(a.attempted_at)}</td>
                  <td>{a.status_code !== null ? <code>HTTP {a.status_code}</code> : <span class="field-error">{a.error}</span>}</td>
                  <td>{a.duration_ms} ms</td>
                  <td>
                    <code class="excerpt">{a.response_excerpt || "—"}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Loaded>
  );
}

/** `/brands/{id}/developers/webhooks/{endpointId}`: one endpoint's deliveries, their attempts, and redelivery. */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const { brand, can } = useBrand();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("");
  const [open, setOpen] = useState<string | null>(null);
  const base = `/api/brands/${brand.id}/webhook-endpoints/${endpointId}/deliveries?limit=100${status ? `&status=${status}` : ""}`;
  const list = usePagedList<WebhookDelivery>(base);
  const { state, reload } = list;
  const manage = can("developers.manage") && brand.status === "active";
  const redeliver = useSubmit(async (d: WebhookDelivery) => {
    await api(`/api/brands/${brand.id}/webhook-deliveries/${d.id}/redeliver`, { method: "POST" });
    reload();
  });
  return (
    <div class="stack">
      <p class="small">
        <Link href={`/brands/${brand.id}/developers`}>← Developers</Link>
      </p>
      <h2>
        Delivery log <code class="small">{endpointId}</code>
      </h2>
      <div class="inline-form">
        <nav class="pills" aria-label="Delivery status">
          {STATUSES.map((s) => (
            <button key={s} type="button" class={status === s ? "" : "secondary"} onClick={() => setStatus(s)}>
              {s || "all"}
            </button>
          ))}
        </nav>
        <button type="button" class="secondary small-button" onClick={reload}>
          Refresh
        </button>
      </div>
      {redeliver.generalError && <ErrorNotice error={redeliver.generalError} />}
      <Loaded state={state} reload={reload}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty title="No deliveries">
              <p>Send a test event from the Developers page, or wait for the next event.</p>
            </Empty>
          ) : (
            <>
              <table class="grid" data-testid="deliveries">
                <thead>
                  <tr>
                    <th>Event</th>
                    <th>Status</th>
                    <th>Attempts</th>
                    <th>Last answer</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <Fragment key={d.id}>
                      <tr>
                        <td>
                          <strong>{d.event.type}</strong>
                          <div class="small muted">
                            <code>{d.event.id}</code> · {formatDate(d.created_at)}
                          </div>
                        </td>
                        <td>
                          <span class={`badge ${d.status === "succeeded" ? "active" : d.status === "pending" ? "paused" : "archived"}`}>{d.status}</span>
                          {d.next_attempt_at && <div class="small muted">next {formatDate(d.next_attempt_at)}</div>}
                        </td>
                        <td>{d.attempts}</td>
                        <td class="small">{d.last_status_code !== null ? `HTTP ${d.last_status_code}` : (d.last_error ?? "—")}</td>
                        <td class="actions">
                          <button type="button" class="link" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                            {open === d.id ? "Hide attempts" : "Attempts"}
                          </button>
                          {manage && d.status !== "pending" && (
                            <button type="button" class="secondary small-button" disabled={redeliver.busy} onClick={() => redeliver.submit(d)}>
                              Redeliver
                            </button>
                          )}
                        </td>
                      </tr>
                      {open === d.id && (
                        <tr>
                          <td colSpan={5}>
                            <Attempts deliveryId={d.id} />
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
    </div>
  );
}
