import type { ComponentChildren } from "preact";
import { api, type Campaign } from "../../api";
import { commissionLabel } from "../../format";
import { Link, useLocation } from "../../router";
import { Loaded, useLoad } from "../../ui";
import { useBrand } from "./BrandShell";
import { ListingReview } from "./ListingReview";

export const CAMPAIGN_SECTIONS = [
  { key: "links", label: "Creators & links" },
  { key: "settings", label: "Settings" },
  { key: "recommended", label: "Recommended creators" },
  { key: "recruiting", label: "Join link & invitations" },
] as const;
export type CampaignSection = (typeof CAMPAIGN_SECTIONS)[number]["key"];

/** `/brands/{id}/campaigns/{campaignId}/…`: loads the campaign once for its sections. */
export function CampaignShell({ campaignId, children }: { campaignId: string; children: (campaign: Campaign, reload: () => void) => ComponentChildren }) {
  const { brand } = useBrand();
  const { path } = useLocation();
  const { state, reload } = useLoad(() => api<Campaign>(`/api/brands/${brand.id}/campaigns/${campaignId}`), [brand.id, campaignId]);
  const href = (s: string) => `/brands/${brand.id}/campaigns/${campaignId}/${s}`;
  return (
    <Loaded state={state} reload={reload}>
      {(c) => (
        <div class="stack">
          <p class="small">
            <Link href={`/brands/${brand.id}/campaigns`}>← Campaigns</Link>
          </p>
          <div class="brand-head" data-testid="campaign-head">
            <h2>{c.name}</h2>
            <span class={`badge ${c.status}`}>{c.status}</span>
            <span class="muted small">{commissionLabel(c.commission)}</span>
            {c.visibility === "listed" && c.listing && <span class={`badge ${c.listing.status === "approved" ? "active" : "paused"}`}>listing {c.listing.status}</span>}
          </div>
          <ListingReview campaign={c} />
          <nav class="pills" aria-label="Campaign">
            {CAMPAIGN_SECTIONS.map((s) => (
              <Link key={s.key} href={href(s.key)} aria-current={path === href(s.key) ? "page" : undefined}>
                {s.label}
              </Link>
            ))}
          </nav>
          {children(c, reload)}
        </div>
      )}
    </Loaded>
  );
}
