import { z } from "@hono/zod-openapi";
import { and, desc, eq, isNotNull, or, sql } from "drizzle-orm";
import { brandOperation } from "../infra/api/operation";
import type { Tx } from "../infra/db/client";
import { conversions } from "../infra/db/schema";
import { GatewayProduct } from "./schemas";

/** The most products a listing returns: a picker, not a report. */
const MOST = 500;


/** Distinct product and price ids of the brand's sales, most recently seen first. */
function seenProducts(tx: Tx) {
  const lastSeen = sql<string>`max(${conversions.occurredAt})`;
  return tx
    .select({
      productId: conversions.productId,
      priceId: conversions.priceId,
      source: conversions.source,
      livemode: conversions.livemode,
      salesCount: sql<number>`count(*)::int`,
      lastSeen,
    })
    .from(conversions)
    .where(and(eq(conversions.type, "sale"), or(isNotNull(conversions.productId), isNotNull(conversions.priceId))))
    .groupBy(conversions.productId, conversions.priceId, conversions.source, conversions.livemode)
    .orderBy(desc(lastSeen), conversions.productId, conversions.priceId)
    .limit(MOST + 1);
}

export const listGatewayProductsOperation = brandOperation({
  id: "listGatewayProducts",
  permission: "campaigns.view",
  method: "get",
  path: "/gateway-products",
  tags: ["Campaigns"],
  summary: "List products and prices seen on sales",
  description:
    `The distinct \`product_id\` / \`price_id\` pairs of the brand's sales (S2S and connected gateways), with how many sales carried them and when the last one happened; ` +
    `the ${MOST} most recently seen (\`has_more\` says there are older ones). Use them as the \`product_id\` of a commission override: a price id sets a plan's rate, which wins over its product's.`,
  response: {
    status: 200,
    schema: z.object({ data: z.array(GatewayProduct), has_more: z.boolean(), next_cursor: z.null() }),
    description: "Products and prices, most recently seen first.",
  },
  async handler(ctx) {
    const rows = await ctx.run((tx) => seenProducts(tx));
    return {
      data: rows.slice(0, MOST).map((r) => ({
        object: "gateway_product" as const,
        product_id: r.productId,
        price_id: r.priceId,
        source: r.source,
        livemode: r.livemode,
        sales_count: Number(r.salesCount),
        last_seen_at: new Date(r.lastSeen).toISOString(),
      })),
      has_more: rows.length > MOST,
      next_cursor: null,
    };
  },
});
