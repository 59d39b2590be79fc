import { z } from "zod";
import { parseRfc3339 } from "../event-time";
import { CURRENCY_MESSAGE, isIsoCurrency } from "../currencies";
import type { TrackingEventType } from "../infra/db/schema/events";
import { CLICK_ID_PATTERN } from "../tracking/click-id";

/**
 * Bodies of the S2S events. Plain zod (the edge bundle carries no OpenAPI machinery);
 * unknown fields are refused so that a typo is reported, not silently dropped.
 */
const ClickId = z.string().regex(CLICK_ID_PATTERN, "must be the `rk_click` value, a click id starting with clk_");
const ExternalId = z.string().min(1, "must not be empty").max(255);
const Amount = z.number().int("must be an integer in minor units (cents)").min(0).max(1_000_000_000_000);
const Currency = z.string().refine(isIsoCurrency, CURRENCY_MESSAGE);

export const LeadEvent = z
  .object({
    click_id: ClickId,
    customer_external_id: ExternalId,
    email: z.email().max(320).optional(),
  })
  .strict();

export const SaleEvent = z
  .object({
    customer_external_id: ExternalId.optional(),
    click_id: ClickId.optional(),
    amount: Amount,
    currency: Currency,
    invoice_id: ExternalId,
    product_id: ExternalId.optional(),
    occurred_at: z
      .string()
      .refine((t) => parseRfc3339(t) !== null, "must be an RFC 3339 date-time with an offset, like 2026-11-25T09:00:00Z")
      .optional(),
  })
  .strict()
  .refine((s) => s.customer_external_id !== undefined || s.click_id !== undefined, {
    path: ["customer_external_id"],
    message: "is required when `click_id` is absent (send one of them)",
  });

export const RefundEvent = z
  .object({
    invoice_id: ExternalId,
    amount: Amount.min(1),
    currency: Currency,
  })
  .strict();

export const EVENT_BODIES = { lead: LeadEvent, sale: SaleEvent, refund: RefundEvent } satisfies Partial<Record<TrackingEventType, z.ZodType>>;
export type S2sEventType = keyof typeof EVENT_BODIES;

export type LeadEvent = z.infer<typeof LeadEvent>;
export type SaleEvent = z.infer<typeof SaleEvent>;
export type RefundEvent = z.infer<typeof RefundEvent>;
