import { CampaignForm } from "./CampaignForm";
import { CampaignShell } from "./CampaignShell";
import { Links } from "./Links";
import { ProductRates } from "./ProductRates";

/** A campaign's own sections: its creators and links, and its settings. */
export function CampaignPage({ campaignId, section }: { campaignId: string; section: "links" | "settings" }) {
  return (
    <CampaignShell campaignId={campaignId}>
      {(campaign, reload) =>
        section === "links" ? (
          <Links campaign={campaign} />
        ) : (
          <div class="stack">
            <CampaignForm key={campaign.id} campaign={campaign} onSaved={reload} />
            <ProductRates campaign={campaign} />
          </div>
        )
      }
    </CampaignShell>
  );
}
