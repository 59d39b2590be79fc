import type Stripe from "stripe";
import { stripeErrorType } from "../../gateway-connections/remote/stripe";
import { DomainError } from "../../infra/domain-error";
import type { SavedPaymentMethod } from "../../infra/db/schema";

/** The methods a run can charge off-session (src/payouts/schema: `SavedPaymentMethod.type`). */
export const CHARGEABLE_METHODS = ["card", "us_bank_account", "sepa_debit"] as const;

/**
 * A Checkout Session of the platform, its SetupIntent and saved PaymentMethod expanded. An
 * unknown id is a 404 on `session_id`; any other Stripe failure a 502 (nothing was saved).
 */
export async function retrieveSetupSession(stripe: Stripe, sessionId: string): Promise<Stripe.Checkout.Session> {
  try {
    return await stripe.checkout.sessions.retrieve(sessionId, { expand: ["setup_intent.payment_method"] });
  } catch (error) {
    if (stripeErrorType(error) === "StripeInvalidRequestError" && (error as { code?: string }).code === "resource_missing") {
      throw new DomainError("not_found", `No Checkout Session ${sessionId}.`, { param: "session_id" });
    }
    throw new DomainError("bad_gateway", `Stripe could not be reached or failed while reading the Checkout Session; nothing was saved, try again. (${(error as Error).message})`);
  }
}

/** The PaymentMethod a completed setup session saved, or null while it is not complete. */
export function savedBySession(session: Stripe.Checkout.Session): Stripe.PaymentMethod | null {
  const intent = session.setup_intent;
  if (session.status !== "complete" || !intent || typeof intent === "string" || intent.status !== "succeeded") return null;
  const method = intent.payment_method;
  return method && typeof method !== "string" ? method : null;
}

const CARD_BRANDS: Record<string, string> = { amex: "American Express", diners: "Diners Club", discover: "Discover", jcb: "JCB", mastercard: "Mastercard", unionpay: "UnionPay", visa: "Visa" };

/** What Rekomi keeps of a method: its id, type and what the dashboard shows ("Visa •••• 4242"). */
export function describeMethod(method: Stripe.PaymentMethod): SavedPaymentMethod {
  if (method.type === "card" && method.card) {
    const brand = method.card.display_brand ?? method.card.brand;
    return { id: method.id, type: "card", label: CARD_BRANDS[brand] ?? brand, last4: method.card.last4 };
  }
  if (method.type === "us_bank_account" && method.us_bank_account) {
    return { id: method.id, type: "us_bank_account", label: method.us_bank_account.bank_name ?? "US bank account", last4: method.us_bank_account.last4 ?? "" };
  }
  if (method.type === "sepa_debit" && method.sepa_debit) {
    return { id: method.id, type: "sepa_debit", label: `SEPA Direct Debit${method.sepa_debit.country ? ` (${method.sepa_debit.country})` : ""}`, last4: method.sepa_debit.last4 ?? "" };
  }
  throw new DomainError("unprocessable", `Payouts cannot be charged to a ${method.type} payment method: save a card, a US bank account or a SEPA Direct Debit mandate.`, { param: "session_id" });
}
