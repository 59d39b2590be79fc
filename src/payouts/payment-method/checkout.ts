import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { DomainError } from "../../infra/domain-error";
import { commonErrors, errorResponse, idParams, jsonResponse } from "../../infra/http/schemas";
import { brandAccessOf } from "../../teams/guard";
import { platformStripe } from "../platform";
import { ensurePlatformCustomer } from "./customer";
import { CheckoutStarted } from "./schemas";
import { CHARGEABLE_METHODS } from "./stripe-session";

export const paymentMethodCheckoutRoute = dashboardRoute({ brand: "payouts.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/payouts/payment-method/checkout",
  tags: ["Payouts"],
  summary: "Start saving the payment method that pays payouts",
  description:
    "Makes the brand a Customer of Rekomi's Stripe platform account (once) and opens a Stripe Checkout Session in setup mode for it: a card, or a US bank account or SEPA Direct Debit mandate where the policy currency allows. Checkout returns to the payouts page with `?setup=done&session=…`, which then calls `…/payment-method/confirm`; the `checkout.session.completed` event saves the same method if the page never comes back.",
  request: { params: idParams({ brandId: "brd" }) },
  responses: { 200: jsonResponse(CheckoutStarted, "Where to send the browser."), ...commonErrors, 502: errorResponse("Stripe failed; nothing was saved."), 503: errorResponse("Payouts are not configured on this deployment.") },
});

export function registerPaymentMethodCheckout(app: DashboardApp) {
  app.openapi(paymentMethodCheckoutRoute, async (c) => {
    const { brandId } = brandAccessOf(c);
    const stripe = await platformStripe(c.var.config);
    const policy = await ensurePlatformCustomer(c.var.db(), stripe, brandId);
    const page = `${c.var.config.APP_ORIGIN}/brands/${brandId}/payouts`;
    try {
      const session = await stripe.checkout.sessions.create({
        mode: "setup",
        customer: policy.stripeCustomerId!,
        // Setup mode needs a currency to know which bank debits it may offer; the list filters
        // them to what a run can charge off-session.
        currency: policy.currency.toLowerCase(),
        allowed_payment_method_types: [...CHARGEABLE_METHODS],
        // Stripe signs the event that carries it back, so the brand named here can be trusted there.
        metadata: { rekomi_brand: brandId },
        success_url: `${page}?setup=done&session={CHECKOUT_SESSION_ID}`,
        cancel_url: page,
      });
      if (!session.url) throw new Error("Stripe returned no Checkout URL");
      return c.json({ url: session.url }, 200);
    } catch (error) {
      throw new DomainError("bad_gateway", `Stripe could not be reached or failed while opening Checkout; try again. (${(error as Error).message})`);
    }
  });
}
