import { userActor } from "../../audit/log";
import { clientInfo } from "../../auth/client-info";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { withBrand } from "../../infra/db/principal";
import { DomainError } from "../../infra/domain-error";
import { commonErrors, errorResponse, idParams, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { brandAccessOf } from "../../teams/guard";
import { platformStripe } from "../platform";
import { readPolicy } from "../policy/policy";
import { PayoutPolicy, serializePolicy } from "../schemas";
import { saveMethodFromSession } from "./save";
import { ConfirmCheckout } from "./schemas";
import { retrieveSetupSession } from "./stripe-session";

export const confirmPaymentMethodRoute = dashboardRoute({ brand: "payouts.manage" }, {
  method: "post",
  path: "/api/brands/{brandId}/payouts/payment-method/confirm",
  tags: ["Payouts"],
  summary: "Save the payment method of a completed Checkout Session",
  description:
    "Reads the session from Stripe (never from the browser): it must be this brand's own and complete. Its method becomes the one runs are charged to. Calling it again, or after the `checkout.session.completed` event saved it, changes nothing.",
  request: { params: idParams({ brandId: "brd" }), body: jsonBody(ConfirmCheckout) },
  responses: {
    200: jsonResponse(PayoutPolicy, "The policy with the saved method."),
    ...commonErrors,
    409: errorResponse("The session is not complete yet."),
    422: errorResponse("The saved method is of a type runs cannot charge."),
    502: errorResponse("Stripe failed; nothing was saved."),
    503: errorResponse("Payouts are not configured on this deployment."),
  },
});

export function registerConfirmPaymentMethod(app: DashboardApp) {
  app.openapi(confirmPaymentMethodRoute, async (c) => {
    const { session_id: sessionId } = c.req.valid("json");
    const { brandId, userId } = brandAccessOf(c);
    const stripe = await platformStripe(c.var.config);
    const session = await retrieveSetupSession(stripe, sessionId);
    const outcome = await saveMethodFromSession(c.var.db(), stripe, brandId, session, { actor: userActor(userId), client: clientInfo(c) });
    // Another brand's session answers as an unknown one: ids reveal nothing across tenants.
    if (outcome.kind === "not_this_brand") throw new DomainError("not_found", `No Checkout Session ${sessionId}.`, { param: "session_id" });
    if (outcome.kind === "incomplete") throw new DomainError("conflict", "This Checkout Session is not complete yet: finish saving the payment method on Stripe's page.", { param: "session_id" });
    const policy = await withBrand(c.var.db(), brandId, (tx) => readPolicy(tx, brandId, c.var.config.STRIPE_PLATFORM_COUNTRY));
    return c.json(serializePolicy({ ...policy, payoutsConfigured: true }), 200);
  });
}
