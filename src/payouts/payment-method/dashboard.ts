import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerPaymentMethodCheckout } from "./checkout";
import { registerConfirmPaymentMethod } from "./confirm";

/** The brand's payment method for payouts: Checkout in setup mode, then confirm. */
export function registerPaymentMethodRoutes(app: DashboardApp) {
  registerPaymentMethodCheckout(app);
  registerConfirmPaymentMethod(app);
}
