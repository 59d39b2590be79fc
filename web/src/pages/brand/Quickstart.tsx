import type { ComponentChildren } from "preact";
import { api, type Quickstart as QuickstartState } from "../../api";
import { Link } from "../../router";
import { CopyButton, Loaded, useLoad } from "../../ui";
import { useBrand } from "./BrandShell";
import { STRIPE_CHECKOUT, rkJsTag, s2sSigning } from "./snippets";

function Snippet({ label, code }: { label: string; code: string }) {
  return (
    <figure class="snippet">
      <figcaption>
        {label} <CopyButton text={code} />
      </figcaption>
      <pre>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

function Step({ n, title, done, detail, children }: { n: number; title: string; done: boolean; detail: string | null; children: ComponentChildren }) {
  return (
    <li class={`step${done ? " done" : ""}`} data-testid="quickstart-step" data-done={done}>
      <span class="step-mark" aria-hidden="true">
        {done ? "✓" : n}
      </span>
      <div>
        <h3>
          {title} <span class="visually-hidden">{done ? "(done)" : "(to do)"}</span>
        </h3>
        {done && detail && <p class="small muted">Done: {detail}.</p>}
        {children}
      </div>
    </li>
  );
}

/** `/brands/{id}/quickstart`: from sign-up to a working tracking link, checked against real state. */
export function Quickstart() {
  const { brand } = useBrand();
  const { state, reload } = useLoad(() => api<QuickstartState>(`/api/brands/${brand.id}/quickstart`), [brand.id]);
  const b = `/brands/${brand.id}`;
  return (
    <Loaded state={state} reload={reload}>
      {(q) => {
        const steps = q.steps;
        const count = Object.values(steps).filter((s) => s.done).length;
        const campaign = q.campaign_id ? `${b}/campaigns/${q.campaign_id}` : null;
        return (
          <div class="stack quickstart">
            <div class="inline-form">
              <p>
                <strong data-testid="quickstart-progress">
                  {count} of {Object.keys(steps).length} done
                </strong>{" "}
                <span class="muted">· about ten minutes from sign-up to a working tracking link</span>
              </p>
              <button type="button" class="secondary small-button" onClick={reload}>
                Check again
              </button>
            </div>
            <ol class="steps">
              <Step n={1} title="Create a campaign" {...steps.campaign}>
                <p class="small">Where links send visitors, the cookie window, and what creators earn.</p>
                <Link href={`${b}/campaigns/new`}>{steps.campaign.done ? "Create another campaign →" : "Create your campaign →"}</Link>
              </Step>
              <Step n={2} title="Add a creator" {...steps.creator}>
                <p class="small">Share the campaign's join link, invite creators by email, or offer a place to one you already work with: the step is done once a creator accepts.</p>
                {campaign && !steps.creator.done && <Link href={`${campaign}/recruiting`}>Join link &amp; invitations →</Link>}
              </Step>
              <Step n={3} title="Create a tracking link" {...steps.link}>
                <p class="small">Each creator shares their own link; clicks are counted at the edge.</p>
                {campaign && <Link href={`${campaign}/links`}>Creators &amp; links →</Link>}
                {q.link_url && (
                  <p>
                    <code>{q.link_url}</code> <CopyButton text={q.link_url} />
                  </p>
                )}
              </Step>
              <Step n={4} title="Install rk.js on your site" {...steps.rk_js}>
                <p class="small">
                  It keeps the click id in a first-party cookie and hands it to checkout. Add the tag to every page, then open your tracking link: the first click or a lead
                  carrying it marks this step done.
                </p>
                <Snippet label="On every page" code={rkJsTag(q.tracking_base_url)} />
                <Snippet label="Stripe Checkout (client_reference_id)" code={STRIPE_CHECKOUT} />
              </Step>
              <Step n={5} title="Connect your payment gateway" {...steps.gateway}>
                <p class="small">
                  Connect Stripe, Paddle Billing or Braintree under <Link href={`${b}/settings/gateways`}>Settings → Payment gateways</Link> (test mode first, live mode beside
                  it): Rekomi receives the gateway's webhooks and credits first payments, renewals, refunds and disputes by itself. Checkout must carry the click id: see{" "}
                  <code>docs/gateways.md</code>.
                </p>
              </Step>
              <Step n={6} title="Connect your server" {...steps.server}>
                <p class="small">
                  Another gateway, or leads from your own sign-up? Create an S2S signing key under <Link href={`${b}/developers`}>Developers</Link> and report leads, sales and
                  refunds, signed with it. Done as well once the first event from your gateway arrives.
                </p>
                <Snippet label="Signed S2S events (Node)" code={s2sSigning(q.tracking_base_url, q.s2s_key_id)} />
              </Step>
              <Step n={7} title="See your first conversion" {...steps.conversion}>
                <p class="small">
                  Each one comes with the trail that explains who was credited and why: see <Link href={`${b}/conversions`}>Conversions</Link>.
                </p>
              </Step>
            </ol>
            <p class="small muted">
              The full guide: <code>docs/tracking.md</code>, and the <a href="/docs/api">API reference</a>.
            </p>
          </div>
        );
      }}
    </Loaded>
  );
}
