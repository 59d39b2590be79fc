import { Link } from "../../router";
import { Notice } from "../../ui";
import { useBrand } from "./BrandShell";
import { S2sKeys } from "./S2sKeys";
import { WebhookEndpoints } from "./WebhookEndpoints";

/** `/brands/{id}/developers`: S2S signing keys and outbound webhooks. API keys have their own tab. */
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
      <p class="small muted">
        REST API keys are under <Link href={`/brands/${brand.id}/api-keys`}>API keys</Link>; the endpoints are in the <a href="/docs/api">API reference</a>.
      </p>
    </div>
  );
}
