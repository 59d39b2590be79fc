import type { Campaign } from "../../api";
import { materialChangeWords } from "../../network/listing-words";
import { Notice, formatDate } from "../../ui";

/**
 * Where a listed campaign stands with Rekomi staff (curated network): waiting, approved, or
 * rejected with the reason. Shown above every section of the campaign page.
 */
export function ListingReview({ campaign }: { campaign: Campaign }) {
  const listing = campaign.listing;
  if (campaign.visibility !== "listed" || !listing || listing.status === "approved") return null;
  if (listing.status === "rejected") {
    return (
      <Notice kind="warning">
        <div data-testid="listing-review">
          <p>
            <strong>Not listed in the creator network.</strong> Rekomi staff did not approve this listing{listing.reviewed_at ? ` (${formatDate(listing.reviewed_at)})` : ""}.
          </p>
          <p>Reason: “{listing.review_note}”</p>
          <p class="small">Change the campaign in Settings and save: the listing goes back to review. Creators already in the campaign are not affected.</p>
        </div>
      </Notice>
    );
  }
  return (
    <Notice>
      <div data-testid="listing-review">
        <p>
          <strong>In review.</strong> Rekomi staff check every listing before creators in the network see it{listing.submitted_at ? ` (submitted ${formatDate(listing.submitted_at)})` : ""}.
        </p>
        {listing.changes.length > 0 && (
          <p class="small">
            You changed terms creators rely on ({materialChangeWords(listing.changes)}): staff review the terms as they are now. Until they approve, new creators do not see the campaign in their matches and cannot apply;
            creators already in it keep working with it.
          </p>
        )}
      </div>
    </Notice>
  );
}
