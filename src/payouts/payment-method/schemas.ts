import { z } from "@hono/zod-openapi";

export const CheckoutStarted = z.object({ url: z.string().openapi({ description: "Stripe Checkout's page, where the brand saves a card or a bank debit mandate." }) }).openapi("PaymentMethodCheckout");

export const ConfirmCheckout = z.object({
  session_id: z
    .string()
    .regex(/^cs_[A-Za-z0-9_]{1,250}$/, "must be a Checkout Session id (cs_…)")
    .openapi({ description: "The `session` query parameter Stripe Checkout returned to the payouts page with." }),
});
