import type Stripe from "stripe";
import type { StandInContext } from "./context";
import { StripeApiError } from "./errors";
import type { FailureKinds } from "./failures";
import { completeOnboarding } from "./resources/accounts";
import { completeCheckoutSession } from "./resources/checkout-sessions";
import { addInvoicePayment, type InvoicePaymentInput } from "./resources/invoice-payments";
import type { PaymentMethodKind } from "./resources/payment-methods";
import type { RecordedRequest } from "./server";

/** What the test helpers of `startStripeStandIn` do, for callers in another process. */
export interface StandInControls {
  failNext<K extends keyof FailureKinds>(kind: K, failure?: FailureKinds[K]): void;
  emit(type: string, object: object, options?: { account?: string; previousAttributes?: Record<string, unknown> }): Stripe.Event;
  completeOnboarding(accountId: string): Stripe.Account;
  completeCheckoutSession(sessionId: string, paymentMethod?: PaymentMethodKind): Stripe.Checkout.Session;
  flush(): Promise<void>;
  /** Gives a restricted key only these resources (e.g. `["accounts"]`): anything else answers Stripe's 403 permission error. */
  restrictKey(key: string, resources: string[]): void;
  /** Records that a PaymentIntent paid an invoice, for `GET /v1/invoice_payments` (the stand-in makes no invoices itself). */
  addInvoicePayment(input: InvoicePaymentInput, account?: string): Stripe.InvoicePayment;
}

export function controls(ctx: StandInContext): StandInControls {
  return {
    failNext: (kind, failure) => ctx.failures.add(kind, failure ?? {}),
    emit: (type, object, { account, previousAttributes } = {}) => ctx.events.record(type, object, { account: account ?? null, ...(previousAttributes ? { previousAttributes } : {}) }),
    completeOnboarding: (accountId) => completeOnboarding(ctx, accountId),
    completeCheckoutSession: (sessionId, paymentMethod) => completeCheckoutSession(ctx, sessionId, paymentMethod),
    flush: () => ctx.events.flush(),
    restrictKey: (key, resources) => void ctx.restrictedKeys.set(key, resources),
    addInvoicePayment: (input, account) => addInvoicePayment(ctx, input, account ?? null),
  };
}

/**
 * The same helpers over HTTP (JSON), for tests that run inside workerd and reach the stand-in
 * only by URL: `POST /_stand-in/control/{fail-next|emit|complete-onboarding|complete-checkout|restrict-key|invoice-payments|flush}`,
 * `GET /_stand-in/control/{requests|events|deliveries}` (those wait for pending deliveries first).
 */
export async function runControl(method: string, action: string, raw: string, ctx: StandInContext, requests: RecordedRequest[]): Promise<{ status: number; body: unknown }> {
  const helpers = controls(ctx);
  const input = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
  try {
    if (method === "GET") {
      await helpers.flush();
      if (action === "requests") return { status: 200, body: requests };
      if (action === "events") return { status: 200, body: ctx.events.events };
      if (action === "deliveries") return { status: 200, body: ctx.events.deliveries };
    } else if (method === "POST") {
      if (action === "fail-next" && (input.kind === "charge" || input.kind === "transfer" || input.kind === "refund" || input.kind === "reversal" || input.kind === "conversion")) {
        helpers.failNext(input.kind, (input.failure ?? {}) as FailureKinds[typeof input.kind]);
        return { status: 200, body: { ok: true } };
      }
      if (action === "emit" && typeof input.type === "string" && typeof input.object === "object" && input.object) {
        const options = { ...(typeof input.account === "string" ? { account: input.account } : {}), ...(input.previous_attributes ? { previousAttributes: input.previous_attributes as Record<string, unknown> } : {}) };
        return { status: 200, body: helpers.emit(input.type, input.object, options) };
      }
      if (action === "complete-onboarding" && typeof input.account === "string") return { status: 200, body: helpers.completeOnboarding(input.account) };
      if (action === "complete-checkout" && typeof input.session === "string") return { status: 200, body: helpers.completeCheckoutSession(input.session, input.payment_method as PaymentMethodKind | undefined) };
      if (action === "restrict-key" && typeof input.key === "string" && Array.isArray(input.resources)) {
        helpers.restrictKey(input.key, input.resources.map(String));
        return { status: 200, body: { ok: true } };
      }
      if (action === "invoice-payments" && typeof input.invoice === "string" && typeof input.payment_intent === "string" && Number.isInteger(input.amount) && typeof input.currency === "string") {
        const { invoice, payment_intent, amount, currency } = input as unknown as InvoicePaymentInput;
        return { status: 200, body: helpers.addInvoicePayment({ invoice, payment_intent, amount, currency }, typeof input.account === "string" ? input.account : undefined) };
      }
      if (action === "flush") {
        await helpers.flush();
        return { status: 200, body: { ok: true } };
      }
    }
    return { status: 404, body: { error: { type: "invalid_request_error", message: `No stand-in control ${method} ${action} (or its input is incomplete).` } } };
  } catch (error) {
    if (error instanceof StripeApiError) return { status: error.status, body: { error: error.body } };
    throw error;
  }
}
