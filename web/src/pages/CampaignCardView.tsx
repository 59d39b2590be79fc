import type { CampaignCard } from "../api";

/** The public face of a campaign on join pages and creator invitations. */
export function CampaignCardView({ card }: { card: CampaignCard }) {
  const c = card.campaign;
  return (
    <div class="campaign-card">
      <p class="muted small">{card.brand_name} invites creators to promote</p>
      <h2>{c.name}</h2>
      {c.description && <p>{c.description}</p>}
      <dl class="facts">
        <dt>You earn</dt>
        <dd data-testid="commission-summary">{c.commission_summary}</dd>
        <dt>Cookie window</dt>
        <dd>{c.cookie_window_days} days</dd>
        {c.landing_page_url && (
          <>
            <dt>Product</dt>
            <dd>
              <a href={c.landing_page_url} rel="noopener noreferrer" target="_blank">
                {c.landing_page_url}
              </a>
            </dd>
          </>
        )}
      </dl>
      {c.terms && (
        <details>
          <summary>Terms</summary>
          <p class="terms">{c.terms}</p>
        </details>
      )}
    </div>
  );
}
