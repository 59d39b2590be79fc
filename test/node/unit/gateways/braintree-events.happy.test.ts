import type braintree from "braintree";
import { describe, expect, it } from "vitest";
import { normalizeBraintreeEvent } from "../../../../src/gateways/braintree/normalize";
import { verifyBraintreeSignature } from "../../../../src/gateways/braintree/verify";
import type { GatewayEvent } from "../../../../src/gateways/types";
import { CLICK_ID } from "./fixtures/common";
import { disputeXml, gateway, KEYS, notification, sample, signXml, subscriptionXml, type ChargeOptions, type Signed } from "./fixtures/braintree";

/** Every notification is signed by the braintree SDK, parsed by it, verified by us, then normalized. */
async function normalized(signed: Signed): Promise<GatewayEvent> {
  await gateway.webhookNotification.parse(signed.bt_signature, signed.bt_payload);
  expect(await verifyBraintreeSignature({ signature: signed.bt_signature, payload: signed.bt_payload }, KEYS)).toEqual({ ok: true });
  const result = normalizeBraintreeEvent(signed.bt_payload);
  if (!result.ok) throw new Error(`${result.param}: ${result.message}`);
  return result.event;
}

const charged = (transactions: ChargeOptions[], options: Omit<Parameters<typeof subscriptionXml>[0], "transactions"> = {}) =>
  signXml(notification("subscription_charged_successfully", subscriptionXml({ transactions, ...options })));

describe("Braintree subscription_charged_successfully", () => {
  it("is a sale from the latest transaction, which is also the payment; the event id is derived from kind, transaction and time", async () => {
    const signed = charged([{ id: "8k2m4p6q", amount: "49.99" }]);
    expect(await normalized(signed)).toEqual({
      gateway: "braintree",
      external_event_id: "subscription_charged_successfully:8k2m4p6q:2026-11-24T11:59:58.000Z",
      occurred_at: "2026-11-24T11:59:51.000Z",
      livemode: true,
      type: "sale",
      customer_external_id: "48213907",
      click_id: CLICK_ID,
      amount: 4999,
      currency: "USD",
      invoice_id: "8k2m4p6q",
      payment_id: "8k2m4p6q",
      subscription_id: "rk8x2b",
      product_id: "pro-monthly",
      price_id: "pro-monthly",
      kind: "first_purchase",
    });
    // The SDK reads the same transaction from the same payload.
    const sdk = (await gateway.webhookNotification.parse(signed.bt_signature, signed.bt_payload)) as braintree.SubscriptionNotification;
    expect(sdk.subscription.transactions?.[0]).toMatchObject({ id: "8k2m4p6q", amount: "49.99", currencyIsoCode: "USD" });
  });

  it("is a renewal after the first billing cycle, taken from the most recent transaction", async () => {
    const event = await normalized(
      charged(
        [
          { id: "r3new4l", amount: "49.99", createdAt: "2026-11-24T11:59:51Z" },
          { id: "0ld3r1", amount: "49.99", createdAt: "2026-10-24T11:59:51Z" },
        ],
        { billingCycle: 3 },
      ),
    );
    expect(event).toMatchObject({ type: "sale", kind: "renewal", invoice_id: "r3new4l", external_event_id: "subscription_charged_successfully:r3new4l:2026-11-24T11:59:58.000Z" });
  });

  it("the first paid charge after a trial is a first purchase that converted the trial", async () => {
    const event = await normalized(charged([{ id: "tr1alc0nv", amount: "49.99" }], { trial: true, billingCycle: 1 }));
    expect(event).toMatchObject({ type: "sale", kind: "first_purchase", trial_converted: true });
    const renewal = await normalized(charged([{ id: "tr1alr3n", amount: "49.99" }, { id: "tr1alc0nv", amount: "49.99" }], { trial: true, billingCycle: 2 }));
    expect(renewal).toMatchObject({ kind: "renewal" });
    expect(renewal).not.toHaveProperty("trial_converted");
  });

  it("a mid-cycle plan-change charge is a proration, not a second first purchase; a late retry of the regular amount is not", async () => {
    const upgrade = { id: "pr0r4t3", amount: "16.13", createdAt: "2026-12-05T09:12:00Z" };
    expect(await normalized(charged([upgrade, { id: "8k2m4p6q", amount: "49.99" }], { billingCycle: 1 }))).toMatchObject({ type: "sale", kind: "proration", amount: 1613 });
    const retried = { id: "r3try", amount: "49.99", createdAt: "2026-11-29T09:12:00Z" };
    expect(await normalized(charged([retried], { billingCycle: 2 }))).toMatchObject({ kind: "renewal" });
  });

  it("names the subscription's discount as its promotion code", async () => {
    expect(await normalized(charged([{ id: "d1sc", amount: "39.99" }], { discountId: "ADA20" }))).toMatchObject({ type: "sale", promo_code: "ADA20" });
  });

  it("without current-billing-cycle, counts transactions to tell a first purchase from a renewal", async () => {
    expect(await normalized(charged([{ id: "a1", amount: "10.00" }], { billingCycle: null }))).toMatchObject({ kind: "first_purchase" });
    expect(await normalized(charged([{ id: "a2", amount: "10.00" }, { id: "a1", amount: "10.00" }], { billingCycle: null }))).toMatchObject({ kind: "renewal" });
  });

  it("converts by the currency's exponent: JPY has none, KWD has three", async () => {
    expect(await normalized(charged([{ id: "jp1", amount: "5500", currency: "JPY" }]))).toMatchObject({ amount: 5500, currency: "JPY" });
    expect(await normalized(charged([{ id: "kw1", amount: "12.5", currency: "kwd" }]))).toMatchObject({ amount: 12500, currency: "KWD" });
  });

  it("reads the custom field whether Braintree names it rk-click or rk_click, and skips foreign values", async () => {
    expect(await normalized(charged([{ id: "u1", amount: "1.00", customFields: `<rk_click>${CLICK_ID}</rk_click>` }]))).toMatchObject({ click_id: CLICK_ID });
    const foreign = await normalized(charged([{ id: "f1", amount: "1.00", customFields: "<rk-click>summer-sale</rk-click>" }]));
    expect(foreign).toMatchObject({ type: "sale" });
    expect(foreign).not.toHaveProperty("click_id");
  });

  it("ignores a zero-amount charge", async () => {
    expect(await normalized(charged([{ id: "z1", amount: "0.00" }]))).toMatchObject({ type: "ignored", reason: "zero-amount charge" });
  });
});

describe("Braintree disputes by phase", () => {
  it.each([
    ["dispute_opened", "opened"],
    ["dispute_won", "won"],
    ["dispute_lost", "lost"],
  ] as const)("%s (the SDK's own sample, a chargeback) is the dispute's %s phase on the disputed transaction", async (kind, phase) => {
    expect(await normalized(await sample(kind, "dsp_7h2k"))).toMatchObject({
      type: "dispute",
      phase,
      dispute_id: "dsp_7h2k",
      external_event_id: expect.stringMatching(new RegExp(`^${kind}:dsp_7h2k:`)),
      invoice_id: "dsp_7h2k",
      payment_id: "dsp_7h2k",
      amount: 25000,
      currency: "USD",
    });
  });

  it("a retrieval request moves no money, and a pre-arbitration is the same chargeback continuing: both ignored", async () => {
    const retrieval = signXml(notification("dispute_opened", disputeXml({ id: "dsp_r3tr", kind: "retrieval", status: "open", transactionId: "8k2m4p6q" })));
    expect(await normalized(retrieval)).toMatchObject({ type: "ignored", reason: expect.stringContaining("retrieval") });
    for (const kind of ["dispute_opened", "dispute_lost"]) {
      const preArbitration = signXml(notification(kind, disputeXml({ id: "dsp_pr3arb", kind: "pre_arbitration", status: "open", transactionId: "8k2m4p6q" })));
      expect(await normalized(preArbitration)).toMatchObject({ type: "ignored", reason: expect.stringContaining("8k2m4p6q") });
    }
  });
});

describe("Braintree other kinds", () => {
  it("subscription_canceled is a cancellation; the customer comes from its transactions when there are any", async () => {
    const bare = await normalized(await sample("subscription_canceled", "rk8x2b"));
    expect(bare).toMatchObject({ type: "cancellation", subscription_id: "rk8x2b", external_event_id: expect.stringMatching(/^subscription_canceled:rk8x2b:/) });
    expect(bare).not.toHaveProperty("customer_external_id");

    const full = signXml(notification("subscription_canceled", subscriptionXml({ status: "Canceled", transactions: [{ id: "8k2m4p6q", amount: "49.99" }] })));
    expect(await normalized(full)).toMatchObject({ type: "cancellation", customer_external_id: "48213907", occurred_at: "2026-11-24T11:59:58.000Z" });
  });

  it("subscription_went_active binds the customer to the click (and the discount) as a lead", async () => {
    const signed = signXml(notification("subscription_went_active", subscriptionXml({ transactions: [{ id: "8k2m4p6q", amount: "39.99" }], discountId: "ADA20" })));
    expect(await normalized(signed)).toEqual({
      gateway: "braintree",
      external_event_id: "subscription_went_active:8k2m4p6q:2026-11-24T11:59:58.000Z",
      occurred_at: "2026-11-24T11:59:58.000Z",
      livemode: true,
      type: "lead",
      customer_external_id: "48213907",
      click_id: CLICK_ID,
      email: "ada@example.com",
      promo_code: "ADA20",
    });
  });

  it("subscription_went_active without a transaction names no customer and is ignored", async () => {
    expect(await normalized(await sample("subscription_went_active", "rk8x2b"))).toMatchObject({ type: "ignored" });
  });

  it("subscription_charged_unsuccessfully is ignored with the failed status", async () => {
    const event = await normalized(await sample("subscription_charged_unsuccessfully", "rk8x2b"));
    expect(event).toMatchObject({ type: "ignored", external_event_id: expect.stringMatching(/^subscription_charged_unsuccessfully:rk8x2b:/) });
    expect(event.type === "ignored" && event.reason).toContain("status failed");
  });

  it("other kinds are ignored and named", async () => {
    const event = await normalized(await sample("subscription_expired", "rk8x2b"));
    expect(event).toMatchObject({ type: "ignored", reason: "subscription_expired notifications are not used for attribution" });
  });
});
