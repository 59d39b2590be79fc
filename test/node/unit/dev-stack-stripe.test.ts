import { describe, expect, it } from "vitest";
import { realStripeFromEnv } from "../../../scripts/local/real-stripe";
import { SetupError } from "../../../scripts/local/setup-error";

describe("npm run dev's choice of Stripe for payouts", () => {
  it("is the stand-in unless STRIPE_SECRET_KEY is set", () => {
    expect(realStripeFromEnv({})).toBeUndefined();
    expect(realStripeFromEnv({ STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "whsec_abc" })).toBeUndefined();
  });

  it("takes a test-mode key and the webhook secrets stripe listen prints", () => {
    expect(realStripeFromEnv({ STRIPE_SECRET_KEY: "sk_test_51Abc", STRIPE_WEBHOOK_SECRET: "whsec_one", STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_one" })).toEqual({
      secretKey: "sk_test_51Abc",
      webhookSecret: "whsec_one",
      connectWebhookSecret: "whsec_one",
    });
    expect(realStripeFromEnv({ STRIPE_SECRET_KEY: "rk_test_51Abc" })).toEqual({ secretKey: "rk_test_51Abc", webhookSecret: undefined, connectWebhookSecret: undefined });
  });

  it("refuses a live key and a secret that is not a whsec_, in one line naming the variable", () => {
    expect(() => realStripeFromEnv({ STRIPE_SECRET_KEY: "sk_live_51Abc" })).toThrow(SetupError);
    expect(() => realStripeFromEnv({ STRIPE_SECRET_KEY: "sk_live_51Abc" })).toThrow(/STRIPE_SECRET_KEY must be a test-mode key/);
    expect(() => realStripeFromEnv({ STRIPE_SECRET_KEY: "sk_test_51Abc", STRIPE_CONNECT_WEBHOOK_SECRET: "we_123" })).toThrow(/STRIPE_CONNECT_WEBHOOK_SECRET must be a webhook signing secret/);
  });
});
