import { z } from "@hono/zod-openapi";
import { brandOperation } from "../infra/api/operation";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { Affiliate, creatorForBrand, findAffiliate, listAffiliates } from "./affiliates";

/** The brand's side of creators: affiliates, as the brand may see them (creators/affiliates.ts). */

const tags = ["Affiliates"];

export const listAffiliatesOperation = brandOperation({
  id: "listAffiliates",
  permission: "affiliates.view",
  method: "get",
  path: "/affiliates",
  tags,
  summary: "List creators",
  description: "`scope=enrolled` (default): creators in any of your campaigns, offers included. `scope=network`: the curated network's creators. Newest first.",
  request: { query: PageQuery.extend({ scope: z.enum(["enrolled", "network"]).default("enrolled") }) },
  response: { status: 200, schema: pageSchema(Affiliate), description: "A page of creators." },
  async handler(ctx, { query: { limit, cursor, scope } }) {
    const rows = await ctx.run((tx) => listAffiliates(tx, { scope, limit, before: decodeCursor(cursor) }));
    return toPage(rows, limit, (r) => creatorForBrand(r.affiliate, r.consented));
  },
});

export const getAffiliateOperation = brandOperation({
  id: "getAffiliate",
  permission: "affiliates.view",
  method: "get",
  path: "/affiliates/{affiliateId}",
  tags,
  summary: "Retrieve a creator",
  description: "A creator in one of your campaigns or listed in the network; anyone else is a 404.",
  request: { params: idParams({ affiliateId: "aff" }) },
  response: { status: 200, schema: Affiliate, description: "The creator's profile." },
  async handler(ctx, { params: { affiliateId } }) {
    const row = await ctx.run((tx) => findAffiliate(tx, affiliateId));
    if (!row) throw new DomainError("not_found", `No affiliate ${affiliateId}.`, { param: "affiliateId" });
    return creatorForBrand(row.affiliate, row.consented);
  },
});

export const affiliateOperations = [listAffiliatesOperation, getAffiliateOperation];
