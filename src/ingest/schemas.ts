import * as z from "zod/mini";
import { parseRfc3339 } from "../event-time";
import { CURRENCY_MESSAGE, isIsoCurrency } from "../currencies";
import type { DisputePhase, SaleKind } from "../infra/db/schema/conversions";
import type { S2S_EVENT_TYPES } from "../infra/db/schema/events";
import { CLICK_ID_PATTERN } from "../tracking/click-id";

/**
 * Bodies of the S2S events, validated at the edge only. `zod/mini` (the edge bundle's 64 KiB
 * budget has no room for classic zod, nor for OpenAPI machinery);
 * unknown fields are refused so that a typo is reported, not silently dropped. Field names
 * are those of the gateway events (src/gateways/types.ts), so one recorder in the
 * consumer serves an S2S event and a gateway's alike.
 */
const ClickId = z.string().check(z.regex(CLICK_ID_PATTERN, "must be the `rk_click` value, a click id starting with clk_"));
const ExternalId = z.string().check(z.minLength(1, "must not be empty"), z.maxLength(255));
const Amount = z.number().check(z.int("must be an integer in minor units (cents)"), z.gte(0), z.lte(1_000_000_000_000));
const PositiveAmount = Amount.check(z.gte(1));
const Currency = z.string().check(z.refine(isIsoCurrency, CURRENCY_MESSAGE));
const OccurredAt = z.optional(z.string().check(z.refine((t) => parseRfc3339(t) !== null, "must be an RFC 3339 date-time with an offset, like 2026-11-25T09:00:00Z")));

/**
 * Every member of `T` as a literal list, checked complete by the compiler: the edge bundle
 * imports no schema module at run time (it would carry the table definitions along).
 */
const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & (Exclude<T, L[number]> extends never ? unknown : { missing: Exclude<T, L[number]> })) =>
    list;
const SALE_KINDS = allOf<SaleKind>()(["first_purchase", "renewal", "upgrade", "proration", "one_time"]);
const DISPUTE_PHASES = allOf<DisputePhase>()(["opened", "won", "lost"]);

/** Refunds and disputes name what they take back by its invoice, its payment, or both. */
const namesInvoiceOrPayment = { path: ["invoice_id"], message: "is required when `payment_id` is absent (send one of them)" };
const hasInvoiceOrPayment = (e: { invoice_id?: string | undefined; payment_id?: string | undefined }) => e.invoice_id !== undefined || e.payment_id !== undefined;

const OptionalId = z.optional(ExternalId);

export const LeadEvent = z.strictObject({
  click_id: ClickId,
  customer_external_id: ExternalId,
  email: z.optional(z.email().check(z.maxLength(320))),
});

export const SaleEvent = z
  .strictObject({
    customer_external_id: OptionalId,
    click_id: z.optional(ClickId),
    amount: Amount,
    currency: Currency,
    invoice_id: ExternalId,
    /** The money movement a later refund or dispute may name instead of the invoice. */
    payment_id: OptionalId,
    subscription_id: OptionalId,
    product_id: OptionalId,
    kind: z.optional(z.enum(SALE_KINDS)),
    promo_code: OptionalId,
    occurred_at: OccurredAt,
  })
  .check(
    z.refine((s) => s.customer_external_id !== undefined || s.click_id !== undefined, {
      path: ["customer_external_id"],
      message: "is required when `click_id` is absent (send one of them)",
    }),
  );

export const RefundEvent = z
  .strictObject({
    invoice_id: OptionalId,
    payment_id: OptionalId,
    /** Your id of this one refund: two partial refunds of one sale are two refunds, a resent one is the same. */
    refund_id: OptionalId,
    amount: PositiveAmount,
    currency: Currency,
  })
  .check(z.refine(hasInvoiceOrPayment, namesInvoiceOrPayment));

export const DisputeEvent = z
  .strictObject({
    dispute_id: ExternalId,
    phase: z.enum(DISPUTE_PHASES),
    invoice_id: OptionalId,
    payment_id: OptionalId,
    amount: PositiveAmount,
    currency: Currency,
    occurred_at: OccurredAt,
  })
  .check(z.refine(hasInvoiceOrPayment, namesInvoiceOrPayment));

export const CancellationEvent = z.strictObject({
  subscription_id: ExternalId,
  customer_external_id: OptionalId,
  occurred_at: OccurredAt,
});

export const EVENT_BODIES = {
  lead: LeadEvent,
  sale: SaleEvent,
  refund: RefundEvent,
  dispute: DisputeEvent,
  cancellation: CancellationEvent,
} satisfies Record<(typeof S2S_EVENT_TYPES)[number], z.ZodMiniType>;
export type S2sEventType = keyof typeof EVENT_BODIES;

export type LeadEvent = z.infer<typeof LeadEvent>;
export type SaleEvent = z.infer<typeof SaleEvent>;
export type RefundEvent = z.infer<typeof RefundEvent>;
export type DisputeEvent = z.infer<typeof DisputeEvent>;
export type CancellationEvent = z.infer<typeof CancellationEvent>;
