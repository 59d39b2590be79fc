import { z } from "@hono/zod-openapi";
import { findAffiliate } from "../creators/affiliates";
import { materialTermChanged } from "../campaigns/changes";
import { findCampaign } from "../campaigns/queries";
import { brandOperation } from "../infra/api/operation";
import type { Tx } from "../infra/db/client";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { ModeQuery, livemodeOf } from "../infra/http/mode";
import { idParams } from "../infra/http/schemas";
import { tellBrandAboutListing } from "../network/listings/notify";
import { tellCreatorsAboutTerms } from "../campaigns/tell-creators";
import { enqueueAfterCommit } from "../webhooks/enqueue";
import { COMMISSION_ACTIONS, actOnCommission, type CommissionAction } from "./actions";
import { CommissionListQuery, filtersOf } from "./filters";
import { deleteOverride, listOverrides, putOverride, serializeOverride } from "./overrides";
import { balances, findCommissionDetail, listCommissions } from "./queries";
import {
  Balance,
  BrandCommission,
  CommissionDetail,
  CommissionOverride,
  CommissionOverrideInput,
  serializeBrandCommission,
  serializeCommission,
  serializeCommissionDetail,
} from "./schemas";

const tags = ["Commissions"];
const commissionParams = idParams({ commissionId: "com" });

export const listCommissionsOperation = brandOperation({
  id: "listCommissions",
  permission: "commissions.view",
  method: "get",
  path: "/commissions",
  tags,
  summary: "List commissions",
  description:
    "Earnings, reversals and clawbacks, newest first, each with the explanation of its amount and the creator and campaign names. Filter by status, kind, affiliate, campaign, " +
    "the review queue (`held_for_review=true`) and creation time. Live commissions by default; `mode=test` lists those from a payment gateway's test mode instead.",
  request: { query: PageQuery.extend(CommissionListQuery.shape) },
  response: { status: 200, schema: pageSchema(BrandCommission), description: "A page of commissions." },
  async handler(ctx, { query }) {
    const rows = await ctx.read((tx) => listCommissions(tx, { ...filtersOf(query), brandId: ctx.brandId }, { limit: query.limit, before: decodeCursor(query.cursor) }));
    return toPage(rows, query.limit, (r) => serializeBrandCommission(serializeCommission(r.commission), r));
  },
});

export const getCommissionOperation = brandOperation({
  id: "getCommission",
  permission: "commissions.view",
  method: "get",
  path: "/commissions/{commissionId}",
  tags,
  summary: "Retrieve a commission",
  description: "With its explanation (the lines and the inputs they were computed from) and its source: the conversion, the accepted event and the trail that credited it.",
  request: { params: commissionParams },
  response: { status: 200, schema: CommissionDetail, description: "The commission." },
  async handler(ctx, { params: { commissionId } }) {
    const found = await ctx.read((tx) => findCommissionDetail(tx, commissionId));
    if (!found) throw new DomainError("not_found", `No commission ${commissionId}.`, { param: "commissionId" });
    return serializeCommissionDetail(found);
  },
});

/** POST /commissions/{commissionId}/approve | void | release: one definition, three actions. */
function commissionActionOperation(action: CommissionAction) {
  return brandOperation({
    id: `${action}Commission`,
    permission: "commissions.manage",
    method: "post",
    path: `/commissions/{commissionId}/${action}`,
    tags,
    summary: COMMISSION_ACTIONS[action].summary,
    description: `${COMMISSION_ACTIONS[action].description} Send \`Idempotency-Key\` to make retries safe.`,
    request: { params: commissionParams },
    response: { status: 200, schema: BrandCommission, description: "The commission." },
    errors: { 409: "Not allowed from the commission's current status." },
    async handler(ctx, { params: { commissionId } }) {
      // A replayed answer sends no webhooks: the first request queued them.
      let deliveries: string[] = [];
      const body = await ctx.run(async (tx) => {
        const change = await actOnCommission(tx, action, commissionId, ctx);
        deliveries = change.deliveries;
        return serializeBrandCommission(change.commission, await findCommissionDetail(tx, commissionId));
      });
      enqueueAfterCommit(ctx, ctx.config.WEBHOOKS, ctx.brandId, deliveries);
      return body;
    },
  });
}

export const getAffiliateBalanceOperation = brandOperation({
  id: "getAffiliateBalance",
  permission: "commissions.view",
  method: "get",
  path: "/affiliates/{affiliateId}/balance",
  tags,
  summary: "A creator's balance with the brand",
  description:
    "What the brand owes a creator it works with, per currency: pending, approved, paid, and clawbacks the next payout will net. Live commissions by default; `mode=test` sums the test-mode ones instead.",
  request: { params: idParams({ affiliateId: "aff" }), query: ModeQuery },
  response: { status: 200, schema: Balance, description: "The balance." },
  async handler(ctx, { params: { affiliateId }, query }) {
    const result = await ctx.run(async (tx) => {
      const affiliate = await findAffiliate(tx, affiliateId);
      // Only creators the brand works with: a network creator it never enrolled has no balance here.
      if (!affiliate?.enrolled) return null;
      return balances(tx, { affiliateId, livemode: livemodeOf(query) }, false);
    });
    if (!result) throw new DomainError("not_found", `No affiliate ${affiliateId} in your campaigns.`, { param: "affiliateId" });
    return { object: "balance" as const, affiliate_id: affiliateId, balances: result.map((r) => r.amounts) };
  },
});

const campaignParams = idParams({ campaignId: "cmp" });
const overrideParams = campaignParams.extend({
  // The brand's own product id (what its sales carry), so it keeps the field's name.
  product_id: z
    .string()
    .min(1)
    .max(255)
    .openapi({ param: { name: "product_id", in: "path" }, description: "The `product_id` or the gateway `price_id` (plan) your sales carry; a plan's rate wins over its product's.", example: "pro_yearly" }),
});

async function campaignOf(tx: Tx, campaignId: string) {
  const campaign = await findCampaign(tx, campaignId);
  if (!campaign) throw new DomainError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
  return campaign;
}

/**
 * Product rates are material terms of a listed campaign: changing them sends an approved
 * listing back to staff (the brand's managers are told, as for a campaign update), adds to
 * a waiting one's changes, and resubmits a rejected one; creators in the campaign are told.
 * Returns the audit metadata.
 */
async function reviewOverrideChange(ctx: { config: Parameters<typeof tellBrandAboutListing>[1] }, tx: Tx, campaign: Awaited<ReturnType<typeof campaignOf>>) {
  const { campaign: after, listing } = await materialTermChanged(tx, campaign, "product_overrides");
  if (listing?.kind === "back_to_review") await tellBrandAboutListing(tx, ctx.config, after, listing);
  await tellCreatorsAboutTerms(tx, ctx.config, after, ["product_overrides"]);
  return listing ? { listing: listing.kind } : {};
}

export const listCommissionOverridesOperation = brandOperation({
  id: "listCommissionOverrides",
  permission: "campaigns.view",
  method: "get",
  path: "/campaigns/{campaignId}/commission-overrides",
  tags: ["Campaigns"],
  summary: "List a campaign's product overrides",
  request: { params: campaignParams },
  response: { status: 200, schema: z.object({ data: z.array(CommissionOverride), has_more: z.literal(false), next_cursor: z.null() }), description: "Every override." },
  async handler(ctx, { params: { campaignId } }) {
    const data = await ctx.run(async (tx) => {
      const campaign = await campaignOf(tx, campaignId);
      return (await listOverrides(tx, campaignId)).map((o) => serializeOverride(o, campaign));
    });
    return { data, has_more: false as const, next_cursor: null };
  },
});

export const setCommissionOverrideOperation = brandOperation({
  id: "setCommissionOverride",
  permission: "campaigns.manage",
  method: "put",
  path: "/campaigns/{campaignId}/commission-overrides/{product_id}",
  tags: ["Campaigns"],
  summary: "Set a product's commission rate",
  description:
    "Sales whose `product_id` matches earn this rate (or flat amount, in the campaign's currency) instead of the campaign's. Applies to sales recorded from now on. " +
    "Product rates are material terms: on a listed campaign approved for the creator network, a change sends the listing back to Rekomi staff for review.",
  request: { params: overrideParams, body: CommissionOverrideInput },
  response: { status: 200, schema: CommissionOverride, description: "The override." },
  handler: (ctx, { params: { campaignId, product_id }, body }) =>
    ctx.run(async (tx) => {
      const campaign = await campaignOf(tx, campaignId);
      const before = (await listOverrides(tx, campaignId)).find((o) => o.productId === product_id);
      const row = await putOverride(tx, campaign, product_id, body);
      // Setting the rate it already has (a retry, a re-save) changes no term staff approved.
      const same = before && before.type === row.type && before.rateBps === row.rateBps && before.amount === row.amount;
      const listing = same ? {} : await reviewOverrideChange(ctx, tx, campaign);
      await ctx.audit(tx, { action: "commission_override.set", target: { type: "campaign", id: campaignId }, metadata: { product_id, ...body, ...listing } });
      return serializeOverride(row, campaign);
    }),
});

export const deleteCommissionOverrideOperation = brandOperation({
  id: "deleteCommissionOverride",
  permission: "campaigns.manage",
  method: "delete",
  path: "/campaigns/{campaignId}/commission-overrides/{product_id}",
  tags: ["Campaigns"],
  summary: "Remove a product's commission rate",
  description: "Later sales of the product earn the campaign's rate again. On an approved network listing this sends the listing back to review, as any change of product rates does.",
  request: { params: overrideParams },
  response: {
    status: 200,
    schema: z.object({ object: z.literal("commission_override"), campaign_id: z.string(), product_id: z.string(), deleted: z.literal(true) }),
    description: "Removed.",
  },
  async handler(ctx, { params: { campaignId, product_id } }) {
    await ctx.run(async (tx) => {
      const campaign = await campaignOf(tx, campaignId);
      if (!(await deleteOverride(tx, campaignId, product_id))) {
        throw new DomainError("not_found", `Campaign ${campaignId} has no override for product ${product_id}.`, { param: "product_id" });
      }
      const listing = await reviewOverrideChange(ctx, tx, campaign);
      await ctx.audit(tx, { action: "commission_override.removed", target: { type: "campaign", id: campaignId }, metadata: { product_id, ...listing } });
    });
    return { object: "commission_override" as const, campaign_id: campaignId, product_id, deleted: true as const };
  },
});

export const commissionOperations = [
  listCommissionsOperation,
  getCommissionOperation,
  commissionActionOperation("approve"),
  commissionActionOperation("void"),
  commissionActionOperation("release"),
  getAffiliateBalanceOperation,
  listCommissionOverridesOperation,
  setCommissionOverrideOperation,
  deleteCommissionOverrideOperation,
];
