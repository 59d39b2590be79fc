import type { Tx } from "../infra/db/client";
import type { campaigns, commissionTiers } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { findCampaign, insertCampaign, updateCampaign } from "./queries";
import { commissionColumns, commissionProblems, serializeCampaign, type CreateCampaign, type UpdateCampaign } from "./schemas";
import { replaceTiers, tiersOf } from "./tiers";

type CampaignRow = typeof campaigns.$inferSelect;
type TierRow = typeof commissionTiers.$inferSelect;
export interface CampaignWithTiers {
  campaign: CampaignRow;
  tiers: TierRow[];
}

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
export async function changeCampaign(tx: Tx, id: string, input: UpdateCampaign): Promise<CampaignWithTiers> {
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
  return { campaign: row!, tiers: tiers ? await replaceTiers(tx, current, tiers) : currentTiers };
}
