import type { Tx } from "../infra/db/client";
import type { campaigns } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { findCampaign, insertCampaign, updateCampaign } from "./queries";
import { commissionColumns, commissionProblems, serializeCampaign, type CreateCampaign, type UpdateCampaign } from "./schemas";

type CampaignRow = typeof campaigns.$inferSelect;

/** Creates a campaign of the transaction's brand (REST API and dashboard alike). */
export function createCampaign(tx: Tx, brandId: string, input: CreateCampaign): Promise<CampaignRow> {
  return insertCampaign(tx, {
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
}

/**
 * Applies a partial update: only the fields sent change; a partial commission is merged
 * onto the current one and must still be a valid model.
 */
export async function changeCampaign(tx: Tx, id: string, input: UpdateCampaign): Promise<CampaignRow> {
  const current = await findCampaign(tx, id);
  if (!current) throw new DomainError("not_found", `No campaign ${id}.`, { param: "campaignId" });
  const { commission, ...fields } = input;
  let commissionSet = {};
  if (commission) {
    const merged = { ...serializeCampaign(current).commission, ...commission };
    const problem = commissionProblems(merged)[0];
    if (problem) throw new DomainError("invalid_request", `Invalid \`commission.${problem.path}\`: ${problem.message}.`, { param: `commission.${problem.path}` });
    commissionSet = commissionColumns(merged);
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
  return row!;
}
