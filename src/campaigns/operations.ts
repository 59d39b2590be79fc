import { brandOperation } from "../infra/api/operation";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { changeCampaign, createCampaign } from "./changes";
import { findCampaign, listCampaigns } from "./queries";
import { Campaign, CreateCampaign, UpdateCampaign, serializeCampaign } from "./schemas";

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
    const rows = await ctx.run((tx) => listCampaigns(tx, { limit, before: decodeCursor(cursor) }));
    return toPage(rows, limit, serializeCampaign);
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
      const row = await createCampaign(tx, ctx.brandId, body);
      await ctx.audit(tx, { action: "campaign.created", target: { type: "campaign", id: row.id } });
      return serializeCampaign(row);
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
    const row = await ctx.run((tx) => findCampaign(tx, campaignId));
    if (!row) throw new DomainError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
    return serializeCampaign(row);
  },
});

export const updateCampaignOperation = brandOperation({
  id: "updateCampaign",
  permission: "campaigns.manage",
  method: "patch",
  path: "/campaigns/{campaignId}",
  tags,
  summary: "Update a campaign",
  description: "Only the fields sent change. Pausing (`status: paused`) stops its links from redirecting within the edge cache lifetime.",
  request: { params: campaignParams, body: UpdateCampaign },
  response: { status: 200, schema: Campaign, description: "The updated campaign." },
  handler: (ctx, { params: { campaignId }, body }) =>
    ctx.run(async (tx) => {
      const row = await changeCampaign(tx, campaignId, body);
      await ctx.audit(tx, { action: "campaign.updated", target: { type: "campaign", id: campaignId }, metadata: { fields: Object.keys(body) } });
      return serializeCampaign(row);
    }),
});

export const campaignOperations = [listCampaignsOperation, createCampaignOperation, getCampaignOperation, updateCampaignOperation];
