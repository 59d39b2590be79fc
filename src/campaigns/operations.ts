import { brandOperation } from "../infra/api/operation";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { tellBrandAboutListing } from "../network/listings/notify";
import { changeCampaign, createCampaign } from "./changes";
import { tellCreatorsAboutTerms } from "./tell-creators";
import { findCampaign, listCampaigns } from "./queries";
import { Campaign, CreateCampaign, UpdateCampaign, serializeCampaign } from "./schemas";
import { tiersOf } from "./tiers";

const tags = ["Campaigns"];
const campaignParams = idParams({ campaignId: "cmp" });

export const listCampaignsOperation = brandOperation({
  id: "listCampaigns",
  permission: "campaigns.view",
  method: "get",
  path: "/campaigns",
  tags,
  summary: "List campaigns",
  description: "The brand's campaigns, newest first.",
  request: { query: PageQuery },
  response: { status: 200, schema: pageSchema(Campaign), description: "A page of campaigns." },
  async handler(ctx, { query: { limit, cursor } }) {
    const { rows, tiers } = await ctx.run(async (tx) => {
      const rows = await listCampaigns(tx, { limit, before: decodeCursor(cursor) });
      return { rows, tiers: await tiersOf(tx, rows.map((r) => r.id)) };
    });
    return toPage(rows, limit, (r) => serializeCampaign(r, tiers.get(r.id) ?? []));
  },
});

export const createCampaignOperation = brandOperation({
  id: "createCampaign",
  permission: "campaigns.manage",
  method: "post",
  path: "/campaigns",
  tags,
  summary: "Create a campaign",
  description: "Send `Idempotency-Key` to make retries safe.",
  request: { body: CreateCampaign },
  response: { status: 201, schema: Campaign, description: "The new campaign." },
  handler: (ctx, { body }) =>
    ctx.run(async (tx) => {
      const { campaign, tiers } = await createCampaign(tx, ctx.brandId, body);
      await ctx.audit(tx, { action: "campaign.created", target: { type: "campaign", id: campaign.id }, ...(body.tiers.length > 0 && { metadata: { tiers: body.tiers } }) });
      return serializeCampaign(campaign, tiers);
    }),
});

export const getCampaignOperation = brandOperation({
  id: "getCampaign",
  permission: "campaigns.view",
  method: "get",
  path: "/campaigns/{campaignId}",
  tags,
  summary: "Retrieve a campaign",
  request: { params: campaignParams },
  response: { status: 200, schema: Campaign, description: "The campaign." },
  async handler(ctx, { params: { campaignId } }) {
    const found = await ctx.run(async (tx) => {
      const row = await findCampaign(tx, campaignId);
      return row && { row, tiers: (await tiersOf(tx, [row.id])).get(row.id) ?? [] };
    });
    if (!found) throw new DomainError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
    return serializeCampaign(found.row, found.tiers);
  },
});

export const updateCampaignOperation = brandOperation({
  id: "updateCampaign",
  permission: "campaigns.manage",
  method: "patch",
  path: "/campaigns/{campaignId}",
  tags,
  summary: "Update a campaign",
  description:
    "Only the fields sent change. Pausing (`status: paused`) stops its links from redirecting within the edge cache lifetime. " +
    "Listing a campaign (`visibility: listed`) sends it to Rekomi staff for review; changing a material term of a listed campaign " +
    "(commission, duration, currency, hold period, minimum payout, cookie window, attribution, destination domain, terms, tiers; per-product rates too, through their own endpoints) sends it back. " +
    "Creators in the campaign (approved, paused, or with an application waiting) are emailed when such a term changes, whether the campaign is listed or not.",
  request: { params: campaignParams, body: UpdateCampaign },
  response: { status: 200, schema: Campaign, description: "The updated campaign." },
  handler: (ctx, { params: { campaignId }, body }) =>
    ctx.run(async (tx) => {
      const { campaign, tiers, listing, changes } = await changeCampaign(tx, campaignId, body);
      await ctx.audit(tx, {
        action: "campaign.updated",
        target: { type: "campaign", id: campaignId },
        metadata: { fields: Object.keys(body), ...(body.tiers && { tiers: body.tiers }), ...(listing && { listing: listing.kind, ...(listing.kind === "back_to_review" && { changes: listing.changes }) }) },
      });
      // A material change takes an approved listing out of new creators' matches: the
      // brand's managers hear why by email (the response's `listing` says it too).
      if (listing?.kind === "back_to_review") await tellBrandAboutListing(tx, ctx.config, campaign, listing);
      // Creators in the campaign, listed or private, hear of terms they rely on changing.
      await tellCreatorsAboutTerms(tx, ctx.config, campaign, changes);
      return serializeCampaign(campaign, tiers);
    }),
});

export const campaignOperations = [listCampaignsOperation, createCampaignOperation, getCampaignOperation, updateCampaignOperation];
