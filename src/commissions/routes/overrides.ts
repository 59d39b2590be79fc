import { createRoute, z } from "@hono/zod-openapi";
import { bearer, type V1App } from "../../infra/api/types";
import { recordAudit } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { findCampaign } from "../../campaigns/queries";
import type { Tx } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, idParam, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { deleteOverride, listOverrides, putOverride, serializeOverride } from "../overrides";
import { CommissionOverride, CommissionOverrideInput } from "../schemas";

const OverrideParams = idParam("cmp").extend({
  product_id: z
    .string()
    .min(1)
    .max(255)
    .openapi({ param: { name: "product_id", in: "path" }, description: "The `product_id` your sales carry.", example: "pro_yearly" }),
});

export const listOverridesRoute = createRoute({
  method: "get",
  path: "/v1/campaigns/{id}/commission-overrides",
  tags: ["Campaigns"],
  summary: "List a campaign's product overrides",
  security: bearer,
  request: { params: idParam("cmp") },
  responses: { 200: jsonResponse(z.object({ data: z.array(CommissionOverride), has_more: z.literal(false), next_cursor: z.null() }), "Every override."), ...commonErrors },
});

export const putOverrideRoute = createRoute({
  method: "put",
  path: "/v1/campaigns/{id}/commission-overrides/{product_id}",
  tags: ["Campaigns"],
  summary: "Set a product's commission rate",
  description: "Sales whose `product_id` matches earn this rate (or flat amount, in the campaign's currency) instead of the campaign's. Applies to sales recorded from now on.",
  security: bearer,
  request: { params: OverrideParams, body: jsonBody(CommissionOverrideInput) },
  responses: { 200: jsonResponse(CommissionOverride, "The override."), ...commonErrors },
});

export const deleteOverrideRoute = createRoute({
  method: "delete",
  path: "/v1/campaigns/{id}/commission-overrides/{product_id}",
  tags: ["Campaigns"],
  summary: "Remove a product's commission rate",
  description: "Later sales of the product earn the campaign's rate again.",
  security: bearer,
  request: { params: OverrideParams },
  responses: {
    200: jsonResponse(z.object({ object: z.literal("commission_override"), campaign_id: z.string(), product_id: z.string(), deleted: z.literal(true) }), "Removed."),
    ...commonErrors,
  },
});

async function campaignOf(tx: Tx, id: string) {
  const campaign = await findCampaign(tx, id);
  if (!campaign) throw new ApiError("not_found", `No campaign ${id}.`, { param: "id" });
  return campaign;
}

export function registerCommissionOverrides(app: V1App) {
  app.openapi(listOverridesRoute, async (c) => {
    const { id } = c.req.valid("param");
    const data = await withBrand(c.var.db(), c.var.brand.id, async (tx) => {
      const campaign = await campaignOf(tx, id);
      return (await listOverrides(tx, id)).map((o) => serializeOverride(o, campaign));
    });
    return c.json({ data, has_more: false as const, next_cursor: null }, 200);
  });

  app.openapi(putOverrideRoute, async (c) => {
    const { id, product_id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { id: brandId, keyId } = c.var.brand;
    const body = await withBrand(c.var.db(), brandId, async (tx) => {
      const campaign = await campaignOf(tx, id);
      const row = await putOverride(tx, campaign, product_id, input);
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: keyId }, action: "commission_override.set", target: { type: "campaign", id }, metadata: { product_id, ...input }, client: clientInfo(c) });
      return serializeOverride(row, campaign);
    });
    return c.json(body, 200);
  });

  app.openapi(deleteOverrideRoute, async (c) => {
    const { id, product_id } = c.req.valid("param");
    const { id: brandId, keyId } = c.var.brand;
    await withBrand(c.var.db(), brandId, async (tx) => {
      await campaignOf(tx, id);
      if (!(await deleteOverride(tx, id, product_id))) throw new ApiError("not_found", `Campaign ${id} has no override for product ${product_id}.`, { param: "product_id" });
      await recordAudit(tx, { brandId, actor: { type: "api_key", id: keyId }, action: "commission_override.removed", target: { type: "campaign", id }, metadata: { product_id }, client: clientInfo(c) });
    });
    return c.json({ object: "commission_override" as const, campaign_id: id, product_id, deleted: true as const }, 200);
  });
}
