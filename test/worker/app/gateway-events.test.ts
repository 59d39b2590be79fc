import { describe, expect, it } from "vitest";
import { webhookEventsAbout } from "../support/fixtures";
import { commissionsOf, runCron, seller } from "../support/commissions";
import { commissionRows, connectGateway, connectStripePlatform, conversionRows, connectionRow, conversionsOf, deliver, gatewayEvent, givePromoCode, trackingEventRows } from "../support/gateway-events";
import { clickAt, daysAgo } from "../support/tracking";

const LIFETIME_20 = { type: "percentage", rate_bps: 2000, currency: "USD", duration: "lifetime", duration_months: null };

describe("gateway sales", () => {
  it("Stripe: a checkout binds the customer, then first purchase, renewal and upgrade are credited with their payment, subscription and price", async () => {
    const s = await seller(LIFETIME_20);
    const stripe = await connectGateway(s.brand, "stripe");
    const click = await clickAt(s.linkId, daysAgo(1));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "lead", { customer_external_id: "cus_S1", click_id: click, email: "buyer@example.com" }));
    const paid = (invoice: string, payment: string, amount: number, price: string, kind: "first_purchase" | "renewal" | "upgrade") =>
      gatewayEvent("stripe", "sale", { customer_external_id: "cus_S1", amount, currency: "USD", invoice_id: invoice, payment_id: payment, subscription_id: "sub_S1", price_id: price, product_id: "prod_S", kind });
    await deliver(s.brand, stripe, paid("in_S1", "pi_S1", 4900, "price_basic", "first_purchase"));
    await deliver(s.brand, stripe, paid("in_S2", "pi_S2", 4900, "price_basic", "renewal"));
    await deliver(s.brand, stripe, paid("in_S3", "pi_S3", 9900, "price_pro", "upgrade"));

    const sales = (await conversionsOf(s.brand, "sale")).sort((a, b) => a.invoice_id!.localeCompare(b.invoice_id!));
    expect(sales.map((c) => [c.invoice_id, c.kind, c.payment_id, c.price_id, c.amount, c.affiliate_id, c.attribution.via])).toEqual([
      ["in_S1", "first_purchase", "pi_S1", "price_basic", 4900, s.affiliateId, "customer"],
      ["in_S2", "renewal", "pi_S2", "price_basic", 4900, s.affiliateId, "customer"],
      ["in_S3", "upgrade", "pi_S3", "price_pro", 9900, s.affiliateId, "customer"],
    ]);
    expect(sales.every((c) => c.source === "stripe" && c.connection_id === stripe && c.livemode && c.subscription_id === "sub_S1" && c.customer_external_id === "cus_S1")).toBe(true);
    const [lead] = await conversionsOf(s.brand, "lead");
    expect(lead).toMatchObject({ source: "stripe", connection_id: stripe, affiliate_id: s.affiliateId, click_id: click, attribution: { via: "click" } });

    const earnings = await commissionsOf(s.brand, "&kind=earning");
    expect(earnings.map((c) => [sales.find((x) => x.id === c.conversion_id)!.invoice_id, c.amount, c.status]).sort()).toEqual([
      ["in_S1", 980, "pending"],
      ["in_S2", 980, "pending"],
      ["in_S3", 1980, "pending"],
    ]);
    for (const sale of sales) expect((await webhookEventsAbout(s.brand.brandId, sale.id)).map((e) => e.type)).toEqual(["sale.created"]);
    expect((await commissionRows(s.brand.brandId)).every((c) => c.livemode)).toBe(true);

    const events = await trackingEventRows(s.brand.brandId);
    expect(events.map((e) => [e.source, e.connectionId, e.keyId, e.livemode]).every(([src, conn, key, live]) => src === "stripe" && conn === stripe && key === null && live === true)).toBe(true);
    expect(events.map((e) => e.type).sort()).toEqual(["lead", "sale", "sale", "sale"]);
    expect((await connectionRow(s.brand.brandId, stripe)).lastEventAt).not.toBeNull();
  });

  it("Paddle: a trial binds the customer, and its first paid charge is credited and says the trial converted", async () => {
    const s = await seller(LIFETIME_20);
    const paddle = await connectGateway(s.brand, "paddle");
    const click = await clickAt(s.linkId, daysAgo(2));
    await deliver(s.brand, paddle, gatewayEvent("paddle", "trial_started", { customer_external_id: "ctm_T1", subscription_id: "sub_T1", click_id: click }));
    const [trial] = await conversionsOf(s.brand, "trial_started");
    expect(trial).toMatchObject({ type: "trial_started", source: "paddle", subscription_id: "sub_T1", affiliate_id: s.affiliateId, amount: null, attribution: { via: "click" } });
    expect((await webhookEventsAbout(s.brand.brandId, trial!.id)).map((e) => e.type)).toEqual(["trial.started"]);
    expect(await commissionsOf(s.brand)).toEqual([]);

    // Paddle's post-trial charge is an ordinary `subscription_recurring` one: the consumer tells it apart by the subscription's history.
    const charge = (invoice: string) => gatewayEvent("paddle", "sale", { customer_external_id: "ctm_T1", amount: 3000, currency: "USD", invoice_id: invoice, payment_id: invoice, subscription_id: "sub_T1", kind: "renewal" });
    await deliver(s.brand, paddle, charge("txn_T1"));
    await deliver(s.brand, paddle, charge("txn_T2"));
    const sales = Object.fromEntries((await conversionsOf(s.brand, "sale")).map((c) => [c.invoice_id, c]));
    expect(sales.txn_T1).toMatchObject({ kind: "first_purchase", affiliate_id: s.affiliateId, attribution: { via: "customer" } });
    expect(sales.txn_T1!.attribution.trail).toContain("the first paid charge after the free trial of subscription sub_T1: the trial converted");
    expect(sales.txn_T2).toMatchObject({ kind: "renewal", affiliate_id: s.affiliateId });
    expect(sales.txn_T2!.attribution.trail).not.toContain("trial");
    expect((await commissionsOf(s.brand)).map((c) => [c.kind, c.amount])).toEqual([
      ["earning", 600],
      ["earning", 600],
    ]);
  });

  it("Braintree: a charge that says it ends the trial is the first purchase, whatever came before", async () => {
    const s = await seller(LIFETIME_20);
    const braintree = await connectGateway(s.brand, "braintree");
    const click = await clickAt(s.linkId, daysAgo(1));
    await deliver(s.brand, braintree, gatewayEvent("braintree", "sale", { customer_external_id: "bt_T", click_id: click, amount: 1000, currency: "USD", invoice_id: "bt_t1", subscription_id: "bt_sub_t", kind: "first_purchase", trial_converted: true }));
    const [sale] = await conversionsOf(s.brand, "sale");
    expect(sale).toMatchObject({ kind: "first_purchase", attribution: { via: "click" } });
    expect(sale!.attribution.trail).toContain("the trial converted");
  });

  it("cancellations are credited like the customer (or the subscription's sale, when Braintree names no customer) and move no money", async () => {
    const s = await seller(LIFETIME_20);
    const braintree = await connectGateway(s.brand, "braintree");
    const stripe = await connectGateway(s.brand, "stripe");
    const click = await clickAt(s.linkId, daysAgo(1));
    await deliver(s.brand, braintree, gatewayEvent("braintree", "sale", { customer_external_id: "bt_C1", click_id: click, amount: 2500, currency: "USD", invoice_id: "bt_txn_1", payment_id: "bt_txn_1", subscription_id: "bt_sub_1", kind: "first_purchase" }));
    await deliver(s.brand, braintree, gatewayEvent("braintree", "cancellation", { subscription_id: "bt_sub_1" }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "lead", { customer_external_id: "cus_C2", click_id: click }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "cancellation", { customer_external_id: "cus_C2", subscription_id: "sub_C2" }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "cancellation", { customer_external_id: "cus_nobody", subscription_id: "sub_C3" }));

    const cancellations = await conversionsOf(s.brand, "cancellation");
    const bySub = Object.fromEntries(cancellations.map((c) => [c.subscription_id, c]));
    expect(bySub.bt_sub_1).toMatchObject({ source: "braintree", affiliate_id: s.affiliateId, customer_external_id: "bt_C1", amount: null, attribution: { via: "sale" } });
    expect(bySub.bt_sub_1!.attribution.trail).toMatch(/^cancellation of subscription bt_sub_1, credited as its sale cnv_\w+ was: click /);
    expect(bySub.sub_C2).toMatchObject({ source: "stripe", affiliate_id: s.affiliateId, customer_external_id: "cus_C2", attribution: { via: "customer" } });
    expect(bySub.sub_C3).toMatchObject({ affiliate_id: null, attribution: { via: null } });
    for (const c of cancellations) expect((await webhookEventsAbout(s.brand.brandId, c.id)).map((e) => e.type)).toEqual(["subscription.canceled"]);
    expect((await commissionsOf(s.brand)).map((c) => c.kind)).toEqual(["earning"]);
  });
});

describe("promotion codes", () => {
  it("credit the link that carries the code without a click, bind the customer so renewals follow, and say so in the trail", async () => {
    const s = await seller(LIFETIME_20);
    await givePromoCode(s.brand.brandId, s.linkId, "CASEY20");
    const stripe = await connectGateway(s.brand, "stripe");
    await deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { customer_external_id: "cus_P1", amount: 5000, currency: "USD", invoice_id: "in_P1", payment_id: "pi_P1", promo_code: "CASEY20", kind: "first_purchase" }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { customer_external_id: "cus_P1", amount: 5000, currency: "USD", invoice_id: "in_P2", payment_id: "pi_P2", kind: "renewal" }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { amount: 1500, currency: "USD", invoice_id: "cs_P3", payment_id: "pi_P3", promo_code: "CASEY20", kind: "one_time" }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { customer_external_id: "cus_P4", amount: 5000, currency: "USD", invoice_id: "in_P4", promo_code: "SOMEONE_ELSE", kind: "first_purchase" }));

    const sales = Object.fromEntries((await conversionsOf(s.brand, "sale")).map((c) => [c.invoice_id, c]));
    expect(sales.in_P1).toMatchObject({ affiliate_id: s.affiliateId, link_id: s.linkId, click_id: null, promo_code: "CASEY20", attribution: { via: "promo_code", promo_code: "CASEY20" } });
    expect(sales.in_P1!.attribution.trail).toContain("used promotion code CASEY20");
    expect(sales.in_P2).toMatchObject({ affiliate_id: s.affiliateId, click_id: null, attribution: { via: "customer", promo_code: "CASEY20" } });
    expect(sales.in_P2!.attribution.trail).toContain("bound on");
    expect(sales.in_P2!.attribution.trail).toContain("promotion code CASEY20");
    expect(sales.cs_P3).toMatchObject({ affiliate_id: s.affiliateId, customer_id: null, attribution: { via: "promo_code" } });
    expect(sales.in_P4).toMatchObject({ affiliate_id: null, promo_code: "SOMEONE_ELSE" });
    expect((await commissionsOf(s.brand, "&kind=earning")).map((c) => c.amount).sort((a, b) => a - b)).toEqual([300, 1000, 1000]);
  });

  it("a checkout's promotion code arriving after its invoice was paid credits that payment (and not an older one), with its earning", async () => {
    const s = await seller(LIFETIME_20);
    await givePromoCode(s.brand.brandId, s.linkId, "promo_1Casey");
    const stripe = await connectGateway(s.brand, "stripe");
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    // Stripe's invoice.paid names its discount by a bare `di_…` id: the sale carries no code and nobody is credited yet.
    const sale = (invoice: string, at: string) => gatewayEvent("stripe", "sale", { customer_external_id: "cus_Q1", amount: 5000, currency: "USD", invoice_id: invoice, payment_id: `pi_${invoice}`, kind: "first_purchase", occurred_at: at });
    await deliver(s.brand, stripe, sale("in_Q0", ago(3 * 86_400_000)));
    await deliver(s.brand, stripe, sale("in_Q1", ago(10_000)));
    expect(await commissionsOf(s.brand)).toEqual([]);
    // checkout.session.completed, moments after the payment, carries the promotion code (`discounts[].promotion_code`).
    await deliver(s.brand, stripe, gatewayEvent("stripe", "lead", { customer_external_id: "cus_Q1", promo_code: "promo_1Casey" }));

    const sales = Object.fromEntries((await conversionsOf(s.brand, "sale")).map((c) => [c.invoice_id, c]));
    expect(sales.in_Q1).toMatchObject({ affiliate_id: s.affiliateId, link_id: s.linkId, click_id: null, attribution: { via: "customer", promo_code: "promo_1Casey" } });
    expect(sales.in_Q1!.attribution.trail).toContain("promotion code promo_1Casey");
    expect(sales.in_Q0).toMatchObject({ affiliate_id: null });
    const earnings = await commissionsOf(s.brand, "&kind=earning");
    expect(earnings.map((c) => [c.conversion_id, c.amount])).toEqual([[sales.in_Q1!.id, 1000]]);
    const [lead] = await conversionsOf(s.brand, "lead");
    expect(lead).toMatchObject({ affiliate_id: s.affiliateId, attribution: { via: "promo_code", promo_code: "promo_1Casey" } });
  });

  it("a sale paid with the code first, then its checkout with the same code: one binding, the lead follows it, one earning", async () => {
    const s = await seller(LIFETIME_20);
    await givePromoCode(s.brand.brandId, s.linkId, "dsc_01casey");
    const paddle = await connectGateway(s.brand, "paddle");
    await deliver(s.brand, paddle, gatewayEvent("paddle", "sale", { customer_external_id: "ctm_Q2", amount: 5000, currency: "USD", invoice_id: "txn_Q2", payment_id: "txn_Q2", promo_code: "dsc_01casey", kind: "first_purchase" }));
    await deliver(s.brand, paddle, gatewayEvent("paddle", "lead", { customer_external_id: "ctm_Q2", promo_code: "dsc_01casey" }));

    const [sale] = await conversionsOf(s.brand, "sale");
    expect(sale).toMatchObject({ affiliate_id: s.affiliateId, attribution: { via: "promo_code", promo_code: "dsc_01casey" } });
    expect(sale!.attribution.trail).toContain("used promotion code dsc_01casey, which link");
    const [lead] = await conversionsOf(s.brand, "lead");
    expect(lead).toMatchObject({ affiliate_id: s.affiliateId, attribution: { via: "customer", promo_code: "dsc_01casey" } });
    expect((await commissionsOf(s.brand, "&kind=earning")).map((c) => [c.conversion_id, c.amount])).toEqual([[sale!.id, 1000]]);
  });
});

describe("test mode", () => {
  it("keeps test-mode events apart: their conversions and commissions say livemode false, and approval never makes them live", async () => {
    const s = await seller(LIFETIME_20);
    const live = await connectGateway(s.brand, "stripe", true);
    const test = await connectGateway(s.brand, "stripe", false);
    const click = await clickAt(s.linkId, daysAgo(40), { windowDays: 60 });
    const old = daysAgo(35).toISOString();
    await deliver(s.brand, test, gatewayEvent("stripe", "sale", { livemode: false, occurred_at: old, click_id: click, amount: 1000, currency: "USD", invoice_id: "in_test", kind: "one_time" }));
    await deliver(s.brand, live, gatewayEvent("stripe", "sale", { occurred_at: old, click_id: click, amount: 2000, currency: "USD", invoice_id: "in_live", kind: "one_time" }));
    // A live event that reached the test connection is not recorded as the test connection's.
    await deliver(s.brand, test, gatewayEvent("stripe", "sale", { livemode: true, click_id: click, amount: 3000, currency: "USD", invoice_id: "in_wrong_mode", kind: "one_time" }));

    // Read as stored: the REST lists show one mode at a time.
    const sales = Object.fromEntries((await conversionRows(s.brand.brandId)).map((c) => [c.invoiceId, c]));
    expect(Object.keys(sales).sort()).toEqual(["in_live", "in_test"]);
    expect([sales.in_test!.livemode, sales.in_test!.connectionId, sales.in_live!.livemode, sales.in_live!.connectionId]).toEqual([false, test, true, live]);
    await runCron();
    const rows = await commissionRows(s.brand.brandId);
    expect(rows.map((c) => [c.conversionId === sales.in_test!.id ? "test" : "live", c.amount, c.livemode, c.status]).sort()).toEqual([
      ["live", 400, true, "approved"],
      ["test", 200, false, "approved"],
    ]);
    const events = await trackingEventRows(s.brand.brandId);
    expect(events.map((e) => [e.connectionId === test ? "test" : "live", e.type, e.livemode]).sort()).toEqual([
      ["live", "sale", true],
      ["test", "ignored", false],
      ["test", "sale", false],
    ]);
    expect(events.find((e) => e.type === "ignored")!.payload).toMatchObject({ ignored_type: "sale", reason: "a live-mode event on a test-mode connection" });
  });
});

describe("what is not the connection's to credit", () => {
  it("records ignored notifications and other Connect accounts' events as ignored, with their reason, and credits nothing", async () => {
    const s = await seller(LIFETIME_20);
    const stripe = await connectGateway(s.brand, "stripe", true, "acct_platform");
    const click = await clickAt(s.linkId, daysAgo(1));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "ignored", { reason: "the invoice is not a subscription payment (billing_reason manual)" }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { account: "acct_someone_else", click_id: click, amount: 1000, currency: "USD", invoice_id: "in_other", kind: "one_time" }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { account: "acct_platform", click_id: click, amount: 1000, currency: "USD", invoice_id: "in_ours", kind: "one_time" }));

    expect((await conversionsOf(s.brand)).map((c) => c.invoice_id)).toEqual(["in_ours"]);
    const events = await trackingEventRows(s.brand.brandId);
    const reasons = events.filter((e) => e.type === "ignored").map((e) => e.payload.reason).sort();
    expect(reasons).toEqual(["account acct_someone_else is not this connection's account (acct_platform)", "the invoice is not a subscription payment (billing_reason manual)"]);
    expect(events).toHaveLength(3);
    expect((await commissionsOf(s.brand)).map((c) => c.amount)).toEqual([200]);
  });
});

describe("Stripe Connect platforms", () => {
  it("a Connect connection credits its connected accounts' events to the platform brand; its own-account connection still ignores them", async () => {
    const s = await seller(LIFETIME_20);
    const own = await connectGateway(s.brand, "stripe", true, "acct_platform");
    const platform = await connectStripePlatform(s.brand, "acct_platform");
    const click = await clickAt(s.linkId, daysAgo(1));
    const sale = (account: string, invoice: string) => gatewayEvent("stripe", "sale", { account, click_id: click, amount: 1000, currency: "USD", invoice_id: invoice, kind: "one_time" });
    await deliver(s.brand, platform, sale("acct_connected_1", "in_c1"));
    await deliver(s.brand, platform, sale("acct_connected_2", "in_c2"));
    await deliver(s.brand, own, sale("acct_connected_3", "in_c3"));

    const sales = await conversionsOf(s.brand, "sale");
    expect(sales.map((c) => [c.invoice_id, c.connection_id, c.affiliate_id]).sort()).toEqual([
      ["in_c1", platform, s.affiliateId],
      ["in_c2", platform, s.affiliateId],
    ]);
    expect((await commissionsOf(s.brand)).map((c) => c.amount)).toEqual([200, 200]);
    const ignored = (await trackingEventRows(s.brand.brandId)).filter((e) => e.type === "ignored");
    expect(ignored.map((e) => [e.connectionId, e.payload.reason])).toEqual([[own, "account acct_connected_3 is not this connection's account (acct_platform)"]]);
  });
});

describe("redelivery", () => {
  it("applies an event delivered 100 times, and the same invoice under another event id, once", async () => {
    const s = await seller(LIFETIME_20);
    const stripe = await connectGateway(s.brand, "stripe");
    const click = await clickAt(s.linkId, daysAgo(1));
    const sale = gatewayEvent("stripe", "sale", { customer_external_id: "cus_R", click_id: click, amount: 4900, currency: "USD", invoice_id: "in_R", payment_id: "pi_R", kind: "first_purchase" });
    await deliver(s.brand, stripe, sale, 100);
    await deliver(s.brand, stripe, { ...sale, external_event_id: `evt_${crypto.randomUUID()}` });

    const sales = await conversionsOf(s.brand, "sale");
    expect(sales).toHaveLength(1);
    expect((await commissionsOf(s.brand)).map((c) => c.amount)).toEqual([980]);
    expect((await webhookEventsAbout(s.brand.brandId, sales[0]!.id)).map((e) => e.type)).toEqual(["sale.created"]);
    expect(await trackingEventRows(s.brand.brandId)).toHaveLength(2);
  });
});

describe("zero-decimal currencies", () => {
  it("credits a JPY payment in yen, and reverses a partial refund named by its payment only, to the yen", async () => {
    const s = await seller({ ...LIFETIME_20, currency: "JPY" });
    const stripe = await connectGateway(s.brand, "stripe");
    const click = await clickAt(s.linkId, daysAgo(1));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { customer_external_id: "cus_J", click_id: click, amount: 4900, currency: "JPY", invoice_id: "in_J", payment_id: "pi_J", kind: "first_purchase" }));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "refund", { invoice_id: null, payment_id: "pi_J", refund_id: "re_J", amount: 1225, currency: "JPY", partial: true }));
    const commissions = await commissionsOf(s.brand);
    expect(commissions.map((c) => [c.kind, c.amount, c.currency]).sort()).toEqual([
      ["earning", 980, "JPY"],
      ["reversal", -245, "JPY"],
    ]);
  });
});
