import { z } from "@hono/zod-openapi";
import { CONVERSION_TYPES, DISPUTE_PHASES, REFUND_KINDS, SALE_KINDS, TRACKING_EVENT_SOURCES, type conversions } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";
import type { ConversionFilters } from "./queries";

const prefixed = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), `must be an id starting with ${prefix}_`);
const Instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, like 2026-11-25T00:00:00Z" });

export const ListConversionsQuery = z.object({
  type: z.enum(CONVERSION_TYPES).optional(),
  affiliate_id: prefixed("aff").optional(),
  campaign_id: prefixed("cmp").optional(),
  created_gte: Instant.optional().openapi({ description: "Only conversions recorded at or after this instant." }),
  created_lt: Instant.optional().openapi({ description: "Only conversions recorded before this instant." }),
});

export type ListConversionsQuery = z.infer<typeof ListConversionsQuery>;

/** The query's filters as `listConversions` takes them. */
export function conversionFilters(q: ListConversionsQuery): ConversionFilters {
  return {
    type: q.type,
    affiliateId: q.affiliate_id,
    campaignId: q.campaign_id,
    createdGte: q.created_gte ? new Date(q.created_gte) : undefined,
    createdLt: q.created_lt ? new Date(q.created_lt) : undefined,
  };
}

export const Conversion = z
  .object({
    id: z.string().openapi({ example: "cnv_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("conversion"),
    type: z.enum(CONVERSION_TYPES),
    kind: z
      .enum([...SALE_KINDS, ...REFUND_KINDS, ...DISPUTE_PHASES])
      .nullable()
      .openapi({
        description:
          "Sale: `first_purchase` (also the first paid charge after a trial), `renewal`, `upgrade`, `proration`, `one_time`. Refund: `full`, `partial`. Dispute: `opened` (takes back like a refund), `won` (gives back what `opened` took), `lost`. Null otherwise, or when the sender did not say.",
      }),
    source: z.enum(TRACKING_EVENT_SOURCES).openapi({ description: "Where the event came from: the S2S API or a connected gateway's webhook." }),
    connection_id: z.string().nullable().openapi({ description: "The gateway connection it came through (gateway sources only)." }),
    livemode: z.boolean().openapi({ description: "False for a gateway's test mode: kept apart from live conversions, and its commissions are never paid out." }),
    credited: z.boolean().openapi({ description: "Whether an affiliate is credited." }),
    affiliate_id: z.string().nullable(),
    enrollment_id: z.string().nullable(),
    campaign_id: z.string().nullable(),
    link_id: z.string().nullable(),
    click_id: z.string().nullable(),
    customer_id: z.string().nullable(),
    customer_external_id: z.string().nullable(),
    amount: z.number().int().nullable().openapi({ description: "Minor units (cents) of `currency`; null for leads, cancellations and trials." }),
    currency: z.string().nullable(),
    invoice_id: z.string().nullable(),
    product_id: z.string().nullable(),
    price_id: z.string().nullable(),
    payment_id: z.string().nullable().openapi({ description: "The gateway's id of the money movement (Stripe `pi_…`, Paddle `txn_…`, Braintree transaction): refunds and disputes naming only it find their sale." }),
    subscription_id: z.string().nullable(),
    reference_id: z.string().nullable().openapi({ description: "For a refund or dispute: the gateway's id of that refund or dispute (applied once)." }),
    promo_code: z.string().nullable().openapi({ description: "The promotion code or coupon the payment (or lead) used, as the gateway names it." }),
    sale_id: z.string().nullable().openapi({ description: "For a refund or dispute: the sale it takes back from, once known." }),
    source_event_id: z.string().openapi({ description: "The accepted event (`evt_…`, as answered by the edge) this conversion comes from." }),
    occurred_at: Timestamp,
    created_at: Timestamp,
    attribution: z.object({
      via: z.enum(["click", "customer", "sale", "promo_code"]).nullable().openapi({ description: "The event's own click, the customer's binding, (refunds and disputes) the sale, or the creator's promotion code the payment used." }),
      model: z.enum(["last_click", "first_click"]).nullable(),
      window_days: z.number().int().nullable(),
      clicked_at: Timestamp.nullable(),
      link_code: z.string().nullable(),
      promo_code: z.string().nullable().openapi({ description: "When credited through a promotion code (`via: promo_code`, or a customer bound by one): that code." }),
      reason: z.string().nullable().openapi({ description: "Why it is not credited, e.g. `outside_window`, `unknown_link`, `no_click`." }),
      trail: z.string().openapi({
        example: "click clk_… on 2026-11-20 through link acme-casey, inside the 30-day window (sale 3 days after the click), last click",
      }),
    }),
  })
  .openapi("Conversion");
export type Conversion = z.infer<typeof Conversion>;

export function serializeConversion(r: typeof conversions.$inferSelect): Conversion {
  const a = r.attribution;
  return {
    id: r.id,
    object: "conversion",
    type: r.type,
    kind: r.kind,
    source: r.source,
    connection_id: r.connectionId,
    livemode: r.livemode,
    credited: r.affiliateId !== null,
    affiliate_id: r.affiliateId,
    enrollment_id: r.enrollmentId,
    campaign_id: r.campaignId,
    link_id: r.linkId,
    click_id: r.clickId,
    customer_id: r.customerId,
    customer_external_id: r.customerExternalId,
    amount: r.amount,
    currency: r.currency,
    invoice_id: r.invoiceId,
    product_id: r.productId,
    price_id: r.priceId,
    payment_id: r.paymentId,
    subscription_id: r.subscriptionId,
    reference_id: r.referenceId,
    promo_code: r.promoCode,
    sale_id: r.saleId,
    source_event_id: r.sourceEventId,
    occurred_at: r.occurredAt.toISOString(),
    created_at: r.createdAt.toISOString(),
    attribution: {
      via: a.via,
      model: a.model ?? null,
      window_days: a.windowDays ?? null,
      clicked_at: a.clickedAt ?? null,
      link_code: a.linkCode ?? null,
      promo_code: a.promoCode ?? null,
      reason: a.reason ?? null,
      trail: r.trail,
    },
  };
}

/** A conversion as the brand reads it: with the campaign and creator names people recognise. */
export const NamedConversion = Conversion.extend({ campaign_name: z.string().nullable(), affiliate_name: z.string().nullable() }).openapi("NamedConversion");
export type NamedConversion = z.infer<typeof NamedConversion>;

export function serializeNamedConversion(r: { conversion: typeof conversions.$inferSelect; campaignName: string | null; affiliateName: string | null }): NamedConversion {
  return { ...serializeConversion(r.conversion), campaign_name: r.campaignName, affiliate_name: r.affiliateName };
}
