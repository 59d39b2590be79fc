import { useState } from "preact/hooks";
import { api, type GatewayConnection, type GatewayConnectionHealth, type GatewayTestEvent } from "../../api";
import { CopyButton, ErrorNotice, Loaded, Notice, formatDate, useLoad, useSubmit } from "../../ui";
import { CredentialsForm, GATEWAY_LABELS, MODE_LABELS } from "./GatewayCredentials";

const SECRET_SOURCES: Record<GatewayConnection["secret_source"], string> = {
  registered: "registered by Rekomi through your key",
  pasted: "pasted by you",
  credentials: "signed with your key pair",
};

/** The last 24 hours of one connection, by outcome. */
function Health({ health }: { health: GatewayConnectionHealth }) {
  const { credited, unattributed, ignored, refused_signature } = health.events;
  const sum = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
  return (
    <div class="stack" data-testid="gateway-health">
      <p class="small">
        Last event received: <strong>{health.last_event_at ? formatDate(health.last_event_at) : "none yet"}</strong>
      </p>
      <dl class="totals">
        <div>
          <dt>Credited</dt>
          <dd data-testid="health-credited">{credited}</dd>
        </div>
        <div>
          <dt>Unattributed</dt>
          <dd data-testid="health-unattributed">{unattributed}</dd>
        </div>
        <div>
          <dt>Ignored</dt>
          <dd data-testid="health-ignored">{sum(ignored)}</dd>
        </div>
        <div>
          <dt>Refused signature</dt>
          <dd data-testid="health-refused" class={refused_signature.length ? "negative" : undefined}>
            {sum(refused_signature)}
          </dd>
        </div>
      </dl>
      <p class="small muted">Since {formatDate(health.since)}.</p>
      {ignored.length > 0 && (
        <ul class="small">
          {ignored.map((r) => (
            <li key={r.reason}>
              ignored {r.count}×: {r.reason}
            </li>
          ))}
        </ul>
      )}
      {refused_signature.length > 0 && (
        <Notice kind="warning">
          <p class="small">
            Refused signatures (nothing from these requests was recorded). If they are yours, the signing secret Rekomi has does not match the gateway's: rotate it.
          </p>
          <ul class="small">
            {refused_signature.map((r) => (
              <li key={r.reason}>
                {r.count}×: {r.reason}
              </li>
            ))}
          </ul>
        </Notice>
      )}
    </div>
  );
}

/** In Braintree's control panel the brand adds the destination itself: where, and which kinds to tick. */
function BraintreeSteps({ connection }: { connection: GatewayConnection }) {
  return (
    <Notice>
      <p class="small">
        <strong>In Braintree's control panel</strong> ({connection.mode === "test" ? "sandbox" : "production"}): the gear icon → API → Webhooks → Create New Webhook. Destination URL: the
        webhook URL above. Tick these notification kinds:
      </p>
      <ul class="small" data-testid="braintree-kinds">
        {connection.events.map((kind) => (
          <li key={kind}>
            <code>{kind}</code>
          </li>
        ))}
      </ul>
      <p class="small muted">Braintree sends no webhook for refunds: Rekomi looks them up through its API on a schedule.</p>
    </Notice>
  );
}

/**
 * One connection as its page shows it: status, webhook URL, hints (never a secret),
 * health, and (for admins) test event, rotate and disconnect.
 */
export function GatewayConnectionCard({ connection, base, manage, onChanged }: { connection: GatewayConnection; base: string; manage: boolean; onChanged: () => void }) {
  const path = `${base}/${connection.id}`;
  const health = useLoad(() => api<GatewayConnectionHealth>(`${path}/health`), [path]);
  const [rotating, setRotating] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const act = useSubmit(async (action: "test" | "disconnect") => {
    setResult(null);
    if (action === "disconnect") {
      if (!confirm(`Disconnect ${GATEWAY_LABELS[connection.gateway]} (${MODE_LABELS[connection.mode].toLowerCase()})? Rekomi stops accepting its events.`)) return;
      await api(`${path}/disconnect`, { method: "POST" });
      onChanged();
      return;
    }
    const sent = await api<GatewayTestEvent>(`${path}/test-event`, { method: "POST" });
    setResult(sent.delivered ? `Test event delivered (HTTP ${sent.status}).` : `Test event not delivered (HTTP ${sent.status}).`);
    health.reload();
  });
  const active = connection.status === "active";
  return (
    <article class="card stack" data-testid="gateway-connection" data-gateway={connection.gateway} data-mode={connection.mode}>
      <div class="brand-head">
        <h3>{connection.name}</h3>
        <span class={`badge ${active ? "active" : "archived"}`}>{active ? "active" : "disconnected"}</span>
      </div>
      <dl class="facts small">
        <dt>Webhook URL</dt>
        <dd>
          <code data-testid="gateway-webhook-url">{connection.webhook_url}</code> <CopyButton text={connection.webhook_url} />
        </dd>
        {connection.account_id && (
          <>
            <dt>Account</dt>
            <dd>
              <code>{connection.account_id}</code>
            </dd>
          </>
        )}
        <dt>{connection.gateway === "braintree" ? "Public key" : "API key"}</dt>
        <dd>
          <code>{connection.credentials_hint}</code>
        </dd>
        <dt>Signing secret</dt>
        <dd>
          {connection.signing_secret_hint && <code>{connection.signing_secret_hint}</code>} {SECRET_SOURCES[connection.secret_source]}
          {connection.remote_endpoint_id && (
            <span class="muted">
              {" "}
              (<code>{connection.remote_endpoint_id}</code>)
            </span>
          )}
        </dd>
        <dt>Connected</dt>
        <dd>
          {formatDate(connection.created_at)}
          {connection.rotated_at && <span class="muted"> · rotated {formatDate(connection.rotated_at)}</span>}
          {connection.disconnected_at && <span class="muted"> · disconnected {formatDate(connection.disconnected_at)}</span>}
        </dd>
      </dl>
      {active && connection.gateway === "braintree" && <BraintreeSteps connection={connection} />}
      {active && (
        <Loaded state={health.state} reload={health.reload}>
          {(h) => <Health health={h} />}
        </Loaded>
      )}
      {result && (
        <Notice kind={result.startsWith("Test event delivered") ? "success" : "warning"}>
          <p class="small">{result}</p>
        </Notice>
      )}
      {act.generalError && <ErrorNotice error={act.generalError} />}
      {manage && active && !rotating && (
        <div class="button-row">
          <button type="button" class="secondary small-button" disabled={act.busy} onClick={() => act.submit("test")}>
            Send test event
          </button>
          <button type="button" class="secondary small-button" disabled={act.busy} onClick={() => setRotating(true)}>
            Rotate
          </button>
          <button type="button" class="danger small-button" disabled={act.busy} onClick={() => act.submit("disconnect")}>
            Disconnect
          </button>
        </div>
      )}
      {rotating && (
        <CredentialsForm
          gateway={connection.gateway}
          mode={connection.mode}
          purpose="rotate"
          onCancel={() => setRotating(false)}
          send={async (body) => {
            await api(`${path}/rotate`, { method: "POST", json: body });
            setRotating(false);
            setResult(null);
            onChanged();
          }}
        />
      )}
    </article>
  );
}
