import { useState } from "preact/hooks";
import { api, type GatewayConnection, type GatewayMode, type GatewayName, type Page } from "../../api";
import { Loaded, Notice, formatDate, useLoad } from "../../ui";
import { useBrand } from "./BrandShell";
import { GatewayConnectionCard } from "./GatewayConnectionCard";
import { CredentialsForm, GATEWAY_LABELS, MODE_LABELS } from "./GatewayCredentials";
import { SettingsNav } from "./Settings";

const GATEWAYS: { gateway: GatewayName; blurb: string }[] = [
  { gateway: "stripe", blurb: "Checkout, subscriptions and invoices; refunds and disputes reverse what they paid." },
  { gateway: "paddle", blurb: "Paddle Billing transactions and subscriptions; adjustments (refunds, chargebacks) reverse them." },
  { gateway: "braintree", blurb: "Subscription charges, cancellations and disputes; refunds are looked up through the API." },
];
const MODES: GatewayMode[] = ["test", "live"];

/**
 * `/brands/{id}/settings/gateways`: Stripe, Paddle Billing and Braintree, test and live
 * side by side. Each cell is the mode's active connection, or a way to connect one.
 * Secrets go in once and only their hints come back.
 */
export function PaymentGateways() {
  const { brand, can } = useBrand();
  const manage = can("gateways.manage") && brand.status === "active";
  const base = `/api/brands/${brand.id}/gateway-connections`;
  const { state, reload } = useLoad(() => api<Page<GatewayConnection>>(`${base}?limit=100`), [base]);
  const [connecting, setConnecting] = useState<{ gateway: GatewayName; mode: GatewayMode; connect: boolean } | null>(null);
  return (
    <div class="stack" data-testid="payment-gateways">
      <SettingsNav />
      <p class="small muted">
        Connect your payment gateway and Rekomi receives its webhooks itself: every first payment, renewal, refund, dispute and cancellation is credited to the creator who
        brought the customer. Test mode and live mode are kept apart everywhere.
      </p>
      {!manage && (
        <Notice>
          <p class="small">Your role ({brand.role}) can see connections and their health; owners and admins connect, rotate and disconnect them.</p>
        </Notice>
      )}
      <Loaded state={state} reload={reload}>
        {({ data }) => (
          <>
            {GATEWAYS.map(({ gateway, blurb }) => {
              const past = data.filter((c) => c.gateway === gateway && c.status === "disconnected");
              return (
                <section key={gateway} class="stack" aria-labelledby={`gateway-${gateway}`} data-testid={`gateway-${gateway}`}>
                  <h2 id={`gateway-${gateway}`}>{GATEWAY_LABELS[gateway]}</h2>
                  <p class="small muted">{blurb}</p>
                  <div class="gateway-modes">
                    {MODES.map((mode) => {
                      // Stripe may have two per mode: the brand's own account and its Connect platform.
                      const active = data.filter((c) => c.gateway === gateway && c.mode === mode && c.status === "active");
                      const open = connecting?.gateway === gateway && connecting.mode === mode;
                      const missingKind = gateway === "stripe" && active.length === 1 ? !active[0]!.connect : null;
                      return (
                        <div key={mode} class="stack" data-testid={`gateway-${gateway}-${mode}`}>
                          <h3 class="small muted">{MODE_LABELS[mode]}</h3>
                          {active.map((connection) => (
                            <GatewayConnectionCard key={connection.id} connection={connection} base={base} manage={manage} onChanged={reload} />
                          ))}
                          {open ? (
                            <CredentialsForm
                              gateway={gateway}
                              mode={mode}
                              purpose="connect"
                              connectPlatform={connecting.connect}
                              onCancel={() => setConnecting(null)}
                              send={async (body) => {
                                await api<GatewayConnection>(base, { method: "POST", json: { gateway, mode, ...body } });
                                setConnecting(null);
                                reload();
                              }}
                            />
                          ) : active.length === 0 ? (
                            <div class="empty">
                              <p class="small">Not connected.</p>
                              {manage && (
                                <button type="button" class="secondary small-button" onClick={() => setConnecting({ gateway, mode, connect: false })}>
                                  Connect {GATEWAY_LABELS[gateway]} ({mode})
                                </button>
                              )}
                            </div>
                          ) : (
                            manage &&
                            missingKind !== null && (
                              <button type="button" class="secondary small-button" onClick={() => setConnecting({ gateway, mode, connect: missingKind })}>
                                {missingKind ? "Also connect your Connect platform (connected accounts)" : "Also connect your own Stripe account"} ({mode})
                              </button>
                            )
                          )}
                        </div>
                      );
                    })}
                  </div>
                  {past.length > 0 && (
                    <details class="small">
                      <summary>Disconnected ({past.length})</summary>
                      <ul>
                        {past.map((c) => (
                          <li key={c.id}>
                            {c.name} ({c.mode}) <code>{c.id}</code>: connected {formatDate(c.created_at)}, disconnected {formatDate(c.disconnected_at)}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </section>
              );
            })}
          </>
        )}
      </Loaded>
      <p class="small muted">
        Step by step for each gateway, and where to put the click id at checkout: <code>docs/gateways.md</code>. The same connections are in the API at{" "}
        <code>/v1/gateway-connections</code>.
      </p>
    </div>
  );
}
