import type { ServerResponse } from "node:http";
import type { StandInContext } from "./context";
import { StripeApiError } from "./errors";
import { completeOnboarding } from "./resources/accounts";
import { completeCheckoutSession, findCheckoutSession } from "./resources/checkout-sessions";
import type { PaymentMethodKind } from "./resources/payment-methods";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><body style="font-family:system-ui;max-width:32rem;margin:4rem auto"><p style="color:#b45309">Local Stripe stand-in: nothing here reaches Stripe.</p><h1>${escape(title)}</h1>${body}</body>`;

/**
 * The pages behind the URLs the stand-in hands out (account links, Checkout, Express login), so
 * a person on the dev stack can finish onboarding or save a payment method with one click.
 */
export function servePage(method: string, url: URL, ctx: StandInContext, res: ServerResponse): boolean {
  const [, , kind, id] = url.pathname.split("/");
  if (!id) return false;
  try {
    if (kind === "onboarding") {
      const returnUrl = url.searchParams.get("return_url") ?? "/";
      if (method === "POST") {
        completeOnboarding(ctx, id);
        res.writeHead(303, { location: returnUrl }).end();
      } else {
        const form = `<form method="post" action="${escape(url.pathname + url.search)}"><p>Account ${escape(id)}</p><button>Complete onboarding</button></form>`;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page("Stripe Express onboarding", form));
      }
      return true;
    }
    if (kind === "checkout") {
      const session = findCheckoutSession(id, ctx.store, null);
      if (method === "POST") {
        const chosen = (url.searchParams.get("method") ?? "card") as PaymentMethodKind;
        completeCheckoutSession(ctx, id, chosen);
        res.writeHead(303, { location: (session.success_url ?? "/").replace("{CHECKOUT_SESSION_ID}", id) }).end();
      } else {
        const buttons = (session.payment_method_types ?? ["card"]).map((type) => `<form method="post" action="${escape(`${url.pathname}?method=${type}`)}"><button>Save a test ${escape(type.replaceAll("_", " "))}</button></form>`).join("");
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page("Save a payment method", buttons));
      }
      return true;
    }
    if (kind === "express") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page("Express dashboard", `<p>Account ${escape(id)}</p>`));
      return true;
    }
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    res.writeHead(error.status, { "content-type": "text/html; charset=utf-8" }).end(page("Not possible", `<p>${escape(error.message)}</p>`));
    return true;
  }
  return false;
}
