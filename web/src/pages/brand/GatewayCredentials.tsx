import { useState } from "preact/hooks";
import type { GatewayMode, GatewayName } from "../../api";
import { ErrorNotice, Field, Submit, useSubmit } from "../../ui";

export const GATEWAY_LABELS: Record<GatewayName, string> = { stripe: "Stripe", paddle: "Paddle Billing", braintree: "Braintree" };
export const MODE_LABELS: Record<GatewayMode, string> = { test: "Test mode", live: "Live mode" };

/** What each gateway's credential fields are called in the API body (`stripe.api_key`, …), with the form's labels. */
const FIELDS: Record<GatewayName, { key: string; label: string; required: boolean; secret: boolean; placeholder: (mode: GatewayMode) => string; hint?: string }[]> = {
  stripe: [
    {
      key: "api_key",
      label: "Restricted API key",
      required: true,
      secret: true,
      placeholder: (m) => `rk_${m}_…`,
      hint: "Write access to Webhook Endpoints lets Rekomi register its own endpoint and keep the signing secret.",
    },
    {
      key: "signing_secret",
      label: "Webhook signing secret (optional)",
      required: false,
      secret: true,
      placeholder: () => "whsec_…",
      hint: "Only when your key may not manage webhook endpoints: the secret of the endpoint you created for Rekomi's webhook URL.",
    },
  ],
  paddle: [
    {
      key: "api_key",
      label: "API key",
      required: true,
      secret: true,
      placeholder: (m) => (m === "test" ? "pdl_sdbx_apikey_…" : "pdl_live_apikey_…"),
      hint: "With notification settings write access Rekomi creates its own notification destination and keeps its secret.",
    },
    {
      key: "signing_secret",
      label: "Notification secret key (optional)",
      required: false,
      secret: true,
      placeholder: () => "pdl_ntfset_…",
      hint: "Only when your key may not manage notifications: the secret key of the destination you created for Rekomi's webhook URL.",
    },
  ],
  braintree: [
    { key: "merchant_id", label: "Merchant ID", required: true, secret: false, placeholder: () => "e.g. 7x2kq9fhpz8w4r3d" },
    { key: "public_key", label: "Public key", required: true, secret: false, placeholder: () => "" },
    { key: "private_key", label: "Private key", required: true, secret: true, placeholder: () => "", hint: "Braintree signs its webhooks with this key pair." },
  ],
};

/**
 * The credential fields of one gateway in one mode, for connecting (fields required as the
 * gateway needs them) or rotating (every field optional: what is left empty is kept).
 * Secrets go to the server once and are never shown again; the inputs are cleared after a
 * success.
 */
export function CredentialsForm({
  gateway,
  mode,
  purpose,
  connectPlatform = false,
  send,
  onCancel,
}: {
  gateway: GatewayName;
  mode: GatewayMode;
  purpose: "connect" | "rotate";
  /** Stripe, connecting: whether the Connect platform box starts ticked. */
  connectPlatform?: boolean;
  /** Posts the gateway's part of the body (`{ stripe: { api_key } }`) plus `name` when connecting. */
  send: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const fields = FIELDS[gateway];
  const [values, setValues] = useState<Record<string, string>>({});
  const [name, setName] = useState("");
  const [connect, setConnect] = useState(connectPlatform);
  // Only a new Stripe connection is a Connect platform or not; rotating keeps its kind.
  const asksConnect = gateway === "stripe" && purpose === "connect";
  const form = useSubmit(
    async () => {
      const credentials: Record<string, unknown> = Object.fromEntries(fields.map((f) => [f.key, values[f.key]?.trim() ?? ""]).filter(([, v]) => v !== ""));
      if (asksConnect && connect) credentials.connect = true;
      const body: Record<string, unknown> = Object.keys(credentials).length > 0 ? { [gateway]: credentials } : {};
      if (purpose === "connect" && name.trim()) body.name = name.trim();
      await send(body);
      setValues({});
    },
    ["name", ...fields.map((f) => `${gateway}.${f.key}`), `${gateway}.connect`],
  );
  const title = `${purpose === "connect" ? "Connect" : "Rotate"} ${GATEWAY_LABELS[gateway]} (${MODE_LABELS[mode].toLowerCase()})`;
  return (
    <form
      class="card stack"
      data-testid="gateway-credentials"
      autoComplete="off"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit();
      }}
    >
      <h3>{title}</h3>
      {purpose === "rotate" && <p class="small muted">Enter the new credentials; a field left empty keeps its current value.</p>}
      {form.generalError && <ErrorNotice error={form.generalError} />}
      {purpose === "connect" && (
        <Field label="Name (optional)" name="gateway_name" value={name} onValue={setName} error={form.fieldError("name")} placeholder={`${GATEWAY_LABELS[gateway]} ${mode}`} />
      )}
      {fields.map((f) => (
        <Field
          key={f.key}
          label={purpose === "rotate" && f.required ? `${f.label} (optional)` : f.label}
          name={`${gateway}_${f.key}`}
          type={f.secret ? "password" : "text"}
          autoComplete="off"
          required={purpose === "connect" && f.required}
          value={values[f.key] ?? ""}
          onValue={(v) => setValues((old) => ({ ...old, [f.key]: v }))}
          error={form.fieldError(`${gateway}.${f.key}`)}
          placeholder={f.placeholder(mode)}
          {...(f.hint ? { hint: f.hint } : {})}
        />
      ))}
      {asksConnect && (
        <label class="field checkbox" for="f-stripe_connect">
          <input id="f-stripe_connect" name="stripe_connect" type="checkbox" checked={connect} onChange={(e) => setConnect(e.currentTarget.checked)} />
          <span>This is my Connect platform (receive connected accounts' events)</span>
        </label>
      )}
      <div class="button-row">
        <Submit busy={form.busy}>{purpose === "connect" ? `Connect ${GATEWAY_LABELS[gateway]}` : "Rotate credentials"}</Submit>
        <button type="button" class="secondary" disabled={form.busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
