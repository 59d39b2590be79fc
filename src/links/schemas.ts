import { z } from "@hono/zod-openapi";
import type { trackingLinks } from "../infra/db/schema";
import { HttpUrl, Timestamp } from "../infra/http/schemas";
import { LINK_CODE } from "./code";

export const CreateLink = z
  .object({
    enrollment_id: z.string().regex(/^enr_[0-9a-z]{26}$/, "must be an id starting with enr_"),
    code: z
      .string()
      .regex(LINK_CODE, "must be 4 to 64 letters, digits, `-` or `_`")
      .optional()
      .openapi({ description: "A vanity code; a random 8-character code when omitted." }),
    destination_url: HttpUrl.nullable().optional().openapi({ description: "Deep link on your site; defaults to the campaign destination." }),
  })
  .openapi("CreateLink");

/** The gateway's promotion code / discount id, as its webhooks name it; blank is refused (send null to remove one). */
const PromoCode = z
  .string()
  .trim()
  .min(1, "must not be blank: send null to remove the code")
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters")
  .nullable()
  .optional()
  .openapi({
    description:
      "The gateway's promotion code / discount id given to this creator (Stripe `promo_…`, Paddle `dsc_…`, Braintree discount id), as the gateway's webhooks name it, not the text customers type: a payment that used it is credited to this creator even without a click. Unique within the brand.",
  });

/** What a brand sends to make a link: a creator's own links (`CreateLink`) carry no promotion code. */
export const CreateBrandLink = CreateLink.extend({ promo_code: PromoCode }).openapi("CreateBrandLink");

export const UpdateLink = z
  .object({
    status: z.enum(["active", "disabled"]).optional().openapi({ description: "`disabled` stops the link from redirecting (it shows a 404 page)." }),
    destination_url: HttpUrl.nullable().optional().openapi({ description: "Deep link on your site; `null` goes back to the campaign destination." }),
    promo_code: PromoCode,
  })
  .strict()
  .openapi("UpdateLink");

export const ListLinksQuery = z.object({
  campaign_id: z.string().regex(/^cmp_[0-9a-z]{26}$/, "must be an id starting with cmp_").optional(),
  enrollment_id: z.string().regex(/^enr_[0-9a-z]{26}$/, "must be an id starting with enr_").optional(),
});

export const TrackingLink = z
  .object({
    id: z.string().openapi({ example: "lnk_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("tracking_link"),
    code: z.string(),
    url: z.string().openapi({ description: "The link to share: `GET` redirects to the destination with `rk_click`." }),
    enrollment_id: z.string(),
    campaign_id: z.string(),
    affiliate_id: z.string(),
    destination_url: z.string().nullable(),
    status: z.enum(["active", "disabled"]),
    promo_code: z.string().nullable().openapi({ description: "The gateway promotion code credited to this link's creator, if any." }),
    created_at: Timestamp,
  })
  .openapi("TrackingLink");
export type TrackingLink = z.infer<typeof TrackingLink>;

export function serializeLink(r: typeof trackingLinks.$inferSelect, trackingBaseUrl: string): TrackingLink {
  return {
    id: r.id,
    object: "tracking_link",
    code: r.code,
    url: `${trackingBaseUrl}/c/${r.code}`,
    enrollment_id: r.enrollmentId,
    campaign_id: r.campaignId,
    affiliate_id: r.affiliateId,
    destination_url: r.destinationUrl,
    status: r.status,
    promo_code: r.promoCode,
    created_at: r.createdAt.toISOString(),
  };
}

/** A link as the brand lists it: with the creator's name and its clicks. */
export const BrandLink = TrackingLink.extend({
  affiliate_name: z.string(),
  clicks: z
    .object({
      total: z.number().int(),
      last_30_days: z.number().int(),
    })
    .openapi({ description: "From the daily rollups (UTC days; the last 30 days include today)." }),
}).openapi("BrandLink");
export type BrandLink = z.infer<typeof BrandLink>;
