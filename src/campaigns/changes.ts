import type { Tx } from "../infra/db/client";
import type { campaigns, commissionTiers } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { findCampaign, insertCampaign, updateCampaign } from "./queries";
import { commissionColumns, commissionProblems, serializeCampaign, type CreateCampaign, type UpdateCampaign } from "./schemas";
import { MATERIAL_TERMS, materialChanges, type MaterialTerm } from "./listing";
import { replaceTiers, tiersOf } from "./tiers";

type CampaignRow = typeof campaigns.$inferSelect;
type TierRow = typeof commissionTiers.$inferSelect;
export interface CampaignWithTiers {
  campaign: CampaignRow;
  tiers: TierRow[];
}

/** What an update did to the campaign's network listing, so the brand can be told. */
export type ListingOutcome =
  | { kind: "submitted" }
  | { kind: "back_to_review"; changes: MaterialTerm[] }
  | { kind: "resubmitted" }
  | null;

/** Creates a campaign of the transaction's brand (REST API and dashboard alike), with its tiers. */
export async function createCampaign(tx: Tx, brandId: string, input: CreateCampaign): Promise<CampaignWithTiers> {
  const campaign = await insertCampaign(tx, {
    id: newId("campaign"),
    brandId,
    name: input.name,
    description: input.description ?? null,
    destinationUrl: input.destination_url,
    landingPageUrl: input.landing_page_url ?? null,
    cookieWindowDays: input.cookie_window_days,
    attributionModel: input.attribution_model,
    visibility: input.visibility,
    targetMarkets: input.target_markets,
    niches: input.niches,
    terms: input.terms ?? null,
    allowCreatorLinks: input.allow_creator_links,
    ...commissionColumns(input.commission),
  });
  return { campaign, tiers: await replaceTiers(tx, campaign, input.tiers) };
}

/**
 * Applies a partial update: only the fields sent change; a partial commission is merged
 * onto the current one and must still be a valid model; tiers sent replace them all.
 */
export async function changeCampaign(tx: Tx, id: string, input: UpdateCampaign): Promise<CampaignWithTiers & { listing: ListingOutcome; changes: MaterialTerm[] }> {
  const current = await findCampaign(tx, id);
  if (!current) throw new DomainError("not_found", `No campaign ${id}.`, { param: "campaignId" });
  const { commission, tiers, ...fields } = input;
  const currentTiers = (await tiersOf(tx, [id])).get(id) ?? [];
  let commissionSet = {};
  if (commission) {
    const merged = { ...serializeCampaign(current, currentTiers).commission, ...commission };
    const problem = commissionProblems(merged)[0];
    if (problem) throw new DomainError("invalid_request", `Invalid \`commission.${problem.path}\`: ${problem.message}.`, { param: `commission.${problem.path}` });
    commissionSet = commissionColumns(merged);
    // Revenue thresholds are amounts in the campaign currency: a new currency needs new ones.
    if (merged.currency !== current.currency && !tiers && currentTiers.some((t) => t.metric === "revenue")) {
      throw new DomainError(
        "invalid_request",
        `Invalid \`commission.currency\`: the campaign's revenue tiers are in ${current.currency} minor units; send \`tiers\` in ${merged.currency} with the new currency.`,
        { param: "commission.currency" },
      );
    }
  }
  const row = await updateCampaign(tx, id, {
    ...(fields.name !== undefined && { name: fields.name }),
    ...(fields.description !== undefined && { description: fields.description }),
    ...(fields.destination_url !== undefined && { destinationUrl: fields.destination_url }),
    ...(fields.landing_page_url !== undefined && { landingPageUrl: fields.landing_page_url }),
    ...(fields.cookie_window_days !== undefined && { cookieWindowDays: fields.cookie_window_days }),
    ...(fields.attribution_model !== undefined && { attributionModel: fields.attribution_model }),
    ...(fields.visibility !== undefined && { visibility: fields.visibility }),
    ...(fields.status !== undefined && { status: fields.status }),
    ...(fields.target_markets !== undefined && { targetMarkets: fields.target_markets }),
    ...(fields.niches !== undefined && { niches: fields.niches }),
    ...(fields.terms !== undefined && { terms: fields.terms }),
    ...(fields.allow_creator_links !== undefined && { allowCreatorLinks: fields.allow_creator_links }),
    ...commissionSet,
  });
  const after = { campaign: row!, tiers: tiers ? await replaceTiers(tx, current, tiers) : currentTiers };
  const changes = materialChanges({ campaign: current, tiers: currentTiers }, after);
  const review = listingReview(current, after.campaign, changes, fields);
  if (!review) return { ...after, listing: null, changes };
  const reviewed = review.set ? await updateCampaign(tx, id, review.set) : after.campaign;
  return { campaign: reviewed!, tiers: after.tiers, listing: review.outcome, changes };
}

/**
 * A material term kept outside the campaign row changed (its per-product rates): the same
 * review rules as a campaign update apply, and the campaign's `updated_at` moves so a staff
 * decision taken on the earlier terms is refused (see decideListing). Brand principal.
 */
export async function materialTermChanged(tx: Tx, campaign: CampaignRow, term: MaterialTerm): Promise<{ campaign: CampaignRow; listing: ListingOutcome }> {
  const review = listingReview(campaign, campaign, [term], {});
  if (!review) return { campaign, listing: null };
  const row = await updateCampaign(tx, campaign.id, review.set ?? {});
  return { campaign: row!, listing: review.outcome };
}

/**
 * Whether this update sends the listing to staff (again): listing a campaign always does
 * (the database sees to it too); an approved listing goes back to review when a material
 * term changed; a rejected one is resubmitted by any edit. While a listing waits, material
 * changes add to the list staff see and make it a new request (submitted now); staff's
 * decision names the version they saw, so terms changed under them are never approved.
 */
function listingReview(
  before: CampaignRow,
  after: CampaignRow,
  changes: MaterialTerm[],
  fields: Omit<UpdateCampaign, "commission" | "tiers">,
): { set: Partial<typeof campaigns.$inferInsert> | null; outcome: ListingOutcome } | null {
  if (after.visibility !== "listed") return null;
  if (before.visibility !== "listed") return { set: null, outcome: { kind: "submitted" } };
  if (before.listingStatus === "approved" && changes.length > 0) return { set: { listingStatus: "pending", listingChanges: changes }, outcome: { kind: "back_to_review", changes } };
  if (before.listingStatus === "pending" && changes.length > 0) {
    const all = MATERIAL_TERMS.filter((t) => changes.includes(t) || before.listingChanges.includes(t));
    // Already waiting: the brand was told when it went back; staff see the full list, and
    // the database stamps the new submission time (the value sent only asks for it).
    return { set: { listingChanges: all, listingSubmittedAt: new Date() }, outcome: null };
  }
  const edited = changes.length > 0 || Object.keys(fields).some((k) => k !== "status" && k !== "visibility");
  if (before.listingStatus === "rejected" && edited) return { set: { listingStatus: "pending", listingChanges: [] }, outcome: { kind: "resubmitted" } };
  return null;
}
