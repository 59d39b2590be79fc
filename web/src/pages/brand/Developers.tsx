import { DeadLetters } from "../../dead-letters";
import { Link } from "../../router";
import { Notice } from "../../ui";
import { useBrand } from "./BrandShell";
import { S2sKeys } from "./S2sKeys";
import { WebhookEndpoints } from "./WebhookEndpoints";

/** `/brands/{id}/developers`: S2S signing keys, outbound webhooks and dead letters. API keys have their own tab. */
export function Developers() {
  const { brand, can } = useBrand();
  const manage = can("developers.manage") && brand.status === "active";
  return (
    <div class="stack">
      {!manage && (
        <Notice>
          <p class="small">Your role ({brand.role}) can see keys and endpoints; owners and admins create, rotate and revoke them.</p>
        </Notice>
      )}
      <S2sKeys manage={manage} />
      <WebhookEndpoints manage={manage} />
      <section class="stack" aria-labelledby="dead-letters-title">
        <h2 id="dead-letters-title">Dead letters</h2>
        <p class="small muted">Events Rekomi accepted (202) but could not store, with the reason. Nothing accepted is dropped: fix the cause, then replay; an event is recorded at most once.</p>
        <DeadLetters listPath={`/api/brands/${brand.id}/dead-letters`} replayPath={(id) => `/api/brands/${brand.id}/dead-letters/${id}/replay`} manage={manage} />
      </section>
      <p class="small muted">
        REST API keys are under <Link href={`/brands/${brand.id}/api-keys`}>API keys</Link>; Stripe, Paddle and Braintree webhooks under{" "}
        <Link href={`/brands/${brand.id}/settings/gateways`}>Settings → Payment gateways</Link>; the endpoints are in the <a href="/docs/api">API reference</a>.
      </p>
    </div>
  );
}
