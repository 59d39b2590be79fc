import { compose, type EmailContent } from "../../email/templates";

/** Mail to a brand's owners and admins about its campaign's listing in the network. */

export function listingApproved(opts: { campaignName: string; url: string }): EmailContent {
  return compose(
    `${opts.campaignName} is live in the Rekomi creator network`,
    [`Rekomi reviewed the listing of ${opts.campaignName} and approved it: creators in the network now see it in their matches and can apply.`],
    { label: "Open the campaign", url: opts.url },
  );
}

export function listingRejected(opts: { campaignName: string; reason: string; url: string }): EmailContent {
  return compose(
    `${opts.campaignName} was not listed in the Rekomi creator network`,
    [
      `Rekomi reviewed the listing of ${opts.campaignName} and did not approve it. The reason: “${opts.reason}”`,
      "Creators in the network do not see the campaign. Change it and save: the listing goes back to review. Creators already in the campaign are not affected.",
    ],
    { label: "Open the campaign", url: opts.url },
  );
}

export function listingBackToReview(opts: { campaignName: string; changes: string[]; url: string }): EmailContent {
  return compose(
    `${opts.campaignName} is back in review for the Rekomi creator network`,
    [
      `You changed terms creators rely on (${opts.changes.join(", ")}), so Rekomi reviews the listing of ${opts.campaignName} again.`,
      "Until then new creators do not see it in their matches and cannot apply. Creators already in the campaign keep working with it as before.",
    ],
    { label: "Open the campaign", url: opts.url },
  );
}
