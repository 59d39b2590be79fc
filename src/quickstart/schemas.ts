import { z } from "@hono/zod-openapi";
import type { Gateway } from "../infra/db/schema/gateways";
import type { QuickstartFacts } from "./queries";

const Step = z.object({
  done: z.boolean(),
  detail: z.string().nullable().openapi({ description: "What shows it is done, in words." }),
});

export const Quickstart = z
  .object({
    object: z.literal("quickstart"),
    tracking_base_url: z.string().openapi({ description: "The brand's edge origin: `/c/{code}`, `/rk.js`, `/v1/track/*`." }),
    steps: z.object({
      campaign: Step,
      creator: Step,
      link: Step,
      rk_js: Step,
      gateway: Step,
      server: Step,
      conversion: Step,
    }),
    campaign_id: z.string().nullable(),
    link_url: z.string().nullable(),
    s2s_key_id: z.string().nullable(),
  })
  .openapi("Quickstart");
export type Quickstart = z.infer<typeof Quickstart>;

const GATEWAY_NAMES: Record<Gateway, string> = { stripe: "Stripe", paddle: "Paddle Billing", braintree: "Braintree" };

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The checklist from real state. Rekomi cannot look at the brand's site, so rk.js counts as
 * installed once a visitor came through a link (the click lands on the site) or a lead or
 * sale carried a click id (rk.js handed it to checkout). The gateway is connected while a
 * Stripe, Paddle or Braintree connection is active. The server is connected once an S2S
 * key is live or any tracking event arrived (whatever sent it, a gateway included).
 */
export function serializeQuickstart(f: QuickstartFacts, trackingBaseUrl: string): Quickstart {
  return {
    object: "quickstart",
    tracking_base_url: trackingBaseUrl,
    steps: {
      campaign: { done: f.campaign_id !== null, detail: f.campaign_id ? `campaign ${f.campaign_id}` : null },
      creator: { done: f.enrollment_id !== null, detail: f.enrollment_id ? `enrollment ${f.enrollment_id} is approved` : null },
      link: { done: f.link_code !== null, detail: f.link_code ? `${trackingBaseUrl}/c/${f.link_code}` : null },
      rk_js: {
        done: f.first_click_day !== null || f.first_click_carried_at !== null,
        detail: f.first_click_carried_at
          ? `a conversion carried a click id on ${day(f.first_click_carried_at)}`
          : f.first_click_day
            ? `first click counted on ${f.first_click_day}`
            : null,
      },
      gateway: {
        done: f.gateway !== null,
        detail: f.gateway ? `${GATEWAY_NAMES[f.gateway.name]} is connected in ${f.gateway.livemode ? "live" : "test"} mode` : null,
      },
      server: {
        done: f.s2s_key_id !== null || f.first_event_at !== null,
        detail: f.first_event_at ? `first event received on ${day(f.first_event_at)}` : f.s2s_key_id ? `S2S key ${f.s2s_key_id} is live` : null,
      },
      conversion: { done: f.first_conversion_at !== null, detail: f.first_conversion_at ? `first conversion on ${day(f.first_conversion_at)}` : null },
    },
    campaign_id: f.campaign_id,
    link_url: f.link_code ? `${trackingBaseUrl}/c/${f.link_code}` : null,
    s2s_key_id: f.s2s_key_id,
  };
}
