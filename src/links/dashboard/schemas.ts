import { z } from "@hono/zod-openapi";
import { TrackingLink } from "../schemas";

/** A link as the brand's dashboard lists it: with the creator's name and its clicks. */
export const BrandLink = TrackingLink.extend({
  affiliate_name: z.string(),
  clicks: z.object({
    total: z.number().int(),
    last_30_days: z.number().int(),
  }),
}).openapi("BrandLink");
export type BrandLink = z.infer<typeof BrandLink>;
