import { describe, expect, it } from "vitest";
import { createEarning } from "../../../src/commissions/earn";
import type { Commission } from "../../../src/commissions/schemas";
import { eq } from "drizzle-orm";
import { withBrand } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { call, usingDb, webhookEventsAbout } from "../support/fixtures";
import { clickAt, consume, daysAgo, signedInit } from "../support/tracking";
import { balanceOf, commissionsOf, conversionOf, customer, earningOf, markPaid, post, refund, runCron, sale, seller, track } from "../support/commissions";

describe("commissions from credited sales", () => {
  it("earns the campaign's percentage on a credited sale, explained, linked to its source, and announced", async () => {
    const s = await seller(); // 20 %, recurring for 12 months, 30-day hold
    await customer(s, "cus_1");
    await sale(s, "cus_1", "in_1", 4900);

    const source = (await conversionOf(s.brand, "sale", "in_1"))!;
    const [earning, ...others] = await commissionsOf(s.brand);
    expect(others).toEqual([]);
    expect(earning).toMatchObject({
      object: "commission",
      kind: "earning",
      status: "pending",
      amount: 980,
      currency: "USD",
      affiliate_id: s.affiliateId,
      campaign_id: s.brand.campaignId,
      enrollment_id: s.enrollmentId,
      conversion_id: source.id,
      source_event_id: source.source_event_id,
      reverses_commission_id: null,
      held_for_review: false,
      review_reasons: [],
    });
    expect(Date.parse(earning!.hold_until) - Date.parse(source.occurred_at)).toBe(30 * 86_400_000);
    expect(earning!.explanation.lines.join("\n")).toContain("20 % of 4900 USD minor units = 980 USD minor units");
    expect(earning!.explanation.lines[0]).toContain("month 1 of 12");
    expect(earning!.explanation.inputs).toMatchObject({
      model: { type: "percentage", rateBps: 2000, duration: "recurring", durationMonths: 12, holdDays: 30 },
      payment: { amount: 4900, currency: "USD" },
      history: { isFirstPayment: true },
      monthIndex: 1,
    });

    expect(earning).toMatchObject({ affiliate_name: "Test Creator", campaign_name: "Test brand campaign" });

    const one = await call(`/v1/commissions/${earning!.id}`, { key: s.brand.apiKey });
    expect(await one.json()).toEqual({
      ...earning,
      source: { conversion_id: source.id, type: "sale", amount: 4900, currency: "USD", invoice_id: "in_1", product_id: null, customer_external_id: "cus_1", occurred_at: source.occurred_at, source_event_id: source.source_event_id, trail: source.attribution.trail },
    });
    // The webhook carries the commission record: the API's, without the names it adds for people.
    const { affiliate_name: _affiliate, campaign_name: _campaign, ...record } = earning!;
    expect(await webhookEventsAbout(s.brand.brandId, earning!.id)).toEqual([{ type: "commission.created", data: record }]);
  });

  it("pays flat amounts in the campaign's currency, and a one-time model only on the first payment", async () => {
    const s = await seller({ type: "flat", amount: 1500, rate_bps: null, currency: "EUR", duration: "one_time", duration_months: null });
    await customer(s, "cus_f");
    await sale(s, "cus_f", "in_f1", 9900, { currency: "EUR" });
    await sale(s, "cus_f", "in_f2", 9900, { currency: "EUR", occurred_at: new Date(Date.now() + 60_000).toISOString() });
    const all = await commissionsOf(s.brand);
    expect(all.map((c) => [c.amount, c.currency])).toEqual([[1500, "EUR"]]);
    expect((await earningOf(s.brand, "in_f1"))!.explanation.lines[0]).toContain("One-time commission: this is the customer's first payment.");

    // Lifetime: every later payment earns too (under the campaign's model at the time of the sale).
    expect((await call(`/v1/campaigns/${s.brand.campaignId}`, { method: "PATCH", key: s.brand.apiKey, json: { commission: { duration: "lifetime" } } })).status).toBe(200);
    await sale(s, "cus_f", "in_f3", 9900, { currency: "EUR", occurred_at: new Date(Date.now() + 120_000).toISOString() });
    const third = (await earningOf(s.brand, "in_f3"))!;
    expect(third).toMatchObject({ amount: 1500, currency: "EUR" });
    expect(third.explanation.inputs).toMatchObject({ history: { isFirstPayment: false } });
    expect(third.explanation.lines[0]).toBe("Lifetime commission: every payment of this customer earns it.");
  });

  it("pays a recurring model inside its month window, counted from the customer's first payment, and not after", async () => {
    const s = await seller({ type: "percentage", rate_bps: 2500, duration: "recurring", duration_months: 3 });
    await customer(s, "cus_r");
    await sale(s, "cus_r", "in_r1", 1000, { occurred_at: "2026-06-15T10:00:00Z" });
    await sale(s, "cus_r", "in_r3", 1000, { occurred_at: "2026-08-15T10:00:00Z" });
    await sale(s, "cus_r", "in_r4", 1000, { occurred_at: "2026-09-15T10:00:00Z" });
    const first = (await earningOf(s.brand, "in_r1"))!;
    const third = (await earningOf(s.brand, "in_r3"))!;
    expect([first.amount, third.amount]).toEqual([250, 250]);
    expect(third.explanation.lines[0]).toBe("Recurring for 3 months: month 3 of 3 since the first payment on 2026-06-15.");
    expect(third.explanation.inputs).toMatchObject({ monthIndex: 3, history: { firstPaymentAt: "2026-06-15T10:00:00.000Z", isFirstPayment: false } });
    expect(await earningOf(s.brand, "in_r4")).toBeUndefined();
    expect(await commissionsOf(s.brand)).toHaveLength(2);
  });

  it("uses a product's override instead of the campaign rate while it exists", async () => {
    const s = await seller({ type: "percentage", rate_bps: 1000, duration: "lifetime", duration_months: null });
    const path = `/v1/campaigns/${s.brand.campaignId}/commission-overrides/team_yearly`;
    const put = await call(path, { method: "PUT", key: s.brand.apiKey, json: { type: "flat", amount: 3000 } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ object: "commission_override", product_id: "team_yearly", type: "flat", amount: 3000, rate_bps: null, currency: "USD" });
    const listed = await (await call(`/v1/campaigns/${s.brand.campaignId}/commission-overrides`, { key: s.brand.apiKey })).json<{ data: { product_id: string }[] }>();
    expect(listed.data.map((o) => o.product_id)).toEqual(["team_yearly"]);

    await customer(s, "cus_o");
    await sale(s, "cus_o", "in_o1", 10_000, { product_id: "team_yearly" });
    await sale(s, "cus_o", "in_o2", 10_000, { product_id: "solo_monthly" });
    const overridden = (await earningOf(s.brand, "in_o1"))!;
    expect(overridden.amount).toBe(3000);
    expect(overridden.explanation.lines.join(" ")).toContain("Product team_yearly has its own rate");
    expect(overridden.explanation.inputs).toMatchObject({ override: { productId: "team_yearly", type: "flat", amount: 3000 } });
    expect((await earningOf(s.brand, "in_o2"))!.amount).toBe(1000);

    // A percentage override replaces it; removing it restores the campaign's rate.
    expect((await call(path, { method: "PUT", key: s.brand.apiKey, json: { type: "percentage", rate_bps: 5000 } })).status).toBe(200);
    await sale(s, "cus_o", "in_o3", 10_000, { product_id: "team_yearly" });
    expect((await earningOf(s.brand, "in_o3"))!.amount).toBe(5000);
    const removed = await call(path, { method: "DELETE", key: s.brand.apiKey });
    expect(await removed.json()).toEqual({ object: "commission_override", campaign_id: s.brand.campaignId, product_id: "team_yearly", deleted: true });
    await sale(s, "cus_o", "in_o4", 10_000, { product_id: "team_yearly" });
    expect((await earningOf(s.brand, "in_o4"))!.amount).toBe(1000);
  });

  it("creates one commission per sale however often the sale is delivered or reported", async () => {
    const s = await seller();
    await customer(s, "cus_i");
    await sale(s, "cus_i", "in_i", 5000);
    // The queue delivers the same messages again (the ack was lost after the commit).
    const again = await consume("rekomi-events", s.pipe.events.sent);
    expect(again.explicitAcks).toHaveLength(s.pipe.events.sent.length);
    // The sender reports the same invoice again under a new webhook-id.
    await sale(s, "cus_i", "in_i", 5000);
    // And creating the earning directly twice is refused by the database key: still one.
    const source = (await conversionOf(s.brand, "sale", "in_i"))!;
    await usingDb((db) =>
      withBrand(db, s.brand.brandId, async (tx) => {
        const [row] = await tx.select().from(schema.conversions).where(eq(schema.conversions.id, source.id));
        expect(await createEarning(tx, row!)).toEqual([]);
      }),
    );
    const all = await commissionsOf(s.brand);
    expect(all).toHaveLength(1);
    expect((await webhookEventsAbout(s.brand.brandId, all[0]!.id)).map((e) => e.type)).toEqual(["commission.created"]);
  });

  it("earns when a sale is credited after the fact (its customer's lead arrives later), and not for uncredited sales", async () => {
    const s = await seller();
    await sale(s, "cus_late", "in_late", 2000);
    await sale(s, "cus_nobody", "in_nobody", 2000);
    expect(await commissionsOf(s.brand)).toEqual([]);
    await customer(s, "cus_late", { clickId: await clickAt(s.linkId, daysAgo(2)) });
    expect((await commissionsOf(s.brand)).map((c) => c.amount)).toEqual([400]);
  });
});

describe("refunds", () => {
  it("reverse proportionally against an unpaid earning, never more than remains, and mark it reversed when nothing does", async () => {
    const s = await seller({ type: "percentage", rate_bps: 2500, duration: "lifetime", duration_months: null });
    await customer(s, "cus_p");
    await sale(s, "cus_p", "in_p", 1000);
    const earning = (await earningOf(s.brand, "in_p"))!;
    expect(earning.amount).toBe(250);

    await refund(s, "in_p", 500);
    let [reversal] = await commissionsOf(s.brand, "&kind=reversal");
    expect(reversal).toMatchObject({ kind: "reversal", amount: -125, status: "pending", reverses_commission_id: earning.id, hold_until: earning.hold_until });
    expect(reversal!.conversion_id).toBe((await conversionOf(s.brand, "refund", "in_p"))!.id);
    expect(reversal!.explanation.lines[0]).toBe("Refund of 500 USD minor units against a payment of 1000 USD minor units (50 % of it).");
    expect(reversal!.explanation.lines[2]).toContain("leaving 125 USD minor units");
    expect((await webhookEventsAbout(s.brand.brandId, reversal!.id)).map((e) => e.type)).toEqual(["commission.reversed"]);
    expect(await balanceOf(s.brand, s.affiliateId)).toEqual([{ currency: "USD", pending: 125, approved: 0, paid: 0, clawbacks_outstanding: 0, payable: 0 }]);

    await refund(s, "in_p", 300); // 30 % → 75
    await refund(s, "in_p", 200); // the rest of the payment: 20 % → 50, all that remains
    const reversals = await commissionsOf(s.brand, "&kind=reversal");
    expect(reversals.map((r) => r.amount).sort((a, b) => a - b)).toEqual([-125, -75, -50]);
    const all = await commissionsOf(s.brand);
    expect(all.every((c) => c.status === "reversed")).toBe(true);
    expect(all.reduce((sum, c) => sum + c.amount, 0)).toBe(0);
    expect(await balanceOf(s.brand, s.affiliateId)).toEqual([{ currency: "USD", pending: 0, approved: 0, paid: 0, clawbacks_outstanding: 0, payable: 0 }]);

    // A further refund is refused: nothing is left to refund.
    expect((await s.pipe.edgeFetch("/v1/track/refund", signedInit({ invoice_id: "in_p", amount: 100, currency: "USD" }, s.key))).status).toBe(400);
    expect(await commissionsOf(s.brand)).toHaveLength(4);
  });

  it("after payout, claw back with a negative commission that the next payout nets", async () => {
    const s = await seller({ type: "percentage", rate_bps: 2500, duration: "lifetime", duration_months: null });
    await customer(s, "cus_c");
    await sale(s, "cus_c", "in_c", 1000);
    const earning = (await earningOf(s.brand, "in_c"))!;
    expect((await post(s.brand, `/v1/commissions/${earning.id}/approve`)).status).toBe(200);
    await markPaid(s.brand.brandId, earning.id);

    await refund(s, "in_c", 400);
    const [clawback] = await commissionsOf(s.brand, "&kind=clawback");
    expect(clawback).toMatchObject({ kind: "clawback", amount: -100, status: "approved", reverses_commission_id: earning.id });
    expect(clawback!.approved_at).not.toBeNull();
    expect(clawback!.explanation.lines[2]).toBe("The commission was already paid, so this is a clawback: the next payout nets it.");
    expect((await commissionsOf(s.brand, "&kind=earning"))[0]!.status).toBe("paid");
    expect(await balanceOf(s.brand, s.affiliateId)).toEqual([{ currency: "USD", pending: 0, approved: 0, paid: 250, clawbacks_outstanding: -100, payable: -100 }]);
    expect((await webhookEventsAbout(s.brand.brandId, clawback!.id)).map((e) => e.type)).toEqual(["commission.reversed"]);

    // The rest of the payment refunded: only what remains (150) is clawed back.
    await refund(s, "in_c", 600);
    expect((await commissionsOf(s.brand, "&kind=clawback")).map((c) => c.amount).sort((a, b) => a - b)).toEqual([-150, -100]);
  });

  it("follow their sale when the refund arrives first", async () => {
    const s = await seller({ type: "percentage", rate_bps: 2500, duration: "lifetime", duration_months: null });
    await customer(s, "cus_b");
    await refund(s, "in_b", 250);
    expect(await commissionsOf(s.brand)).toEqual([]);
    await sale(s, "cus_b", "in_b", 1000);
    const all = await commissionsOf(s.brand);
    expect(all.map((c) => [c.kind, c.amount]).sort()).toEqual([
      ["earning", 250],
      ["reversal", -63], // 25 % of 250, rounded half up
    ]);
  });
});

describe("approval", () => {
  it("the scheduled job approves commissions whose hold has passed, with their reversals, and leaves the rest", async () => {
    const s = await seller({ type: "percentage", rate_bps: 1000, duration: "lifetime", duration_months: null });
    await customer(s, "cus_h");
    await sale(s, "cus_h", "in_old", 1000, { occurred_at: daysAgo(31).toISOString() });
    await refund(s, "in_old", 200);
    await sale(s, "cus_h", "in_new", 1000);
    await customer(s, "cus_self", { email: s.affiliateEmail });
    await sale(s, "cus_self", "in_flagged", 1000, { occurred_at: daysAgo(40).toISOString() });

    await runCron();

    const old = (await earningOf(s.brand, "in_old"))!;
    expect(old.status).toBe("approved");
    expect(old.approved_at).not.toBeNull();
    expect((await commissionsOf(s.brand, "&kind=reversal"))[0]).toMatchObject({ amount: -20, status: "approved" });
    expect((await webhookEventsAbout(s.brand.brandId, old.id)).map((e) => e.type).sort()).toEqual(["commission.approved", "commission.created"]);
    expect((await earningOf(s.brand, "in_new"))!.status).toBe("pending");
    expect(await earningOf(s.brand, "in_flagged")).toMatchObject({ status: "pending", held_for_review: true });
    expect(await balanceOf(s.brand, s.affiliateId)).toEqual([{ currency: "USD", pending: 200, approved: 80, paid: 0, clawbacks_outstanding: 0, payable: 80 }]);

    // Running again changes nothing and announces nothing twice.
    await runCron();
    expect((await webhookEventsAbout(s.brand.brandId, old.id)).filter((e) => e.type === "commission.approved")).toHaveLength(1);
  });

  it("lets the brand approve early, release from review (approved at once when the hold is over) and void", async () => {
    const s = await seller({ type: "percentage", rate_bps: 1000, duration: "lifetime", duration_months: null });
    await customer(s, "cus_a");
    await sale(s, "cus_a", "in_early", 1000);
    await customer(s, "cus_self", { email: s.affiliateEmail.toUpperCase() });
    await sale(s, "cus_self", "in_review", 1000, { occurred_at: daysAgo(45).toISOString() });
    await sale(s, "cus_self", "in_void", 1000);

    const early = (await earningOf(s.brand, "in_early"))!;
    const approved = await post(s.brand, `/v1/commissions/${early.id}/approve`);
    expect(await approved.json()).toMatchObject({ id: early.id, status: "approved" });
    expect((await webhookEventsAbout(s.brand.brandId, early.id)).map((e) => e.type).sort()).toEqual(["commission.approved", "commission.created"]);

    const held = (await earningOf(s.brand, "in_review"))!;
    expect(held.review_reasons.map((r) => r.rule)).toEqual(["self_referral"]);
    const released = await (await post(s.brand, `/v1/commissions/${held.id}/release`)).json<Commission>();
    expect(released).toMatchObject({ held_for_review: false, status: "approved", review_reasons: held.review_reasons });
    expect(released.reviewed_at).not.toBeNull();

    const toVoid = (await earningOf(s.brand, "in_void"))!;
    const voided = await (await post(s.brand, `/v1/commissions/${toVoid.id}/void`)).json<Commission>();
    expect(voided).toMatchObject({ status: "voided", held_for_review: false });
    expect((await webhookEventsAbout(s.brand.brandId, toVoid.id)).map((e) => e.type).sort()).toEqual(["commission.created", "commission.voided"]);
    // Voiding again is a no-op, and a refund of a voided sale takes nothing back.
    expect((await post(s.brand, `/v1/commissions/${toVoid.id}/void`)).status).toBe(200);
    await refund(s, "in_void", 1000);
    expect(await commissionsOf(s.brand, "&kind=reversal")).toEqual([]);

    // Every money decision is in the audit log, with the API key that made it.
    const audit = await usingDb((db) =>
      withBrand(db, s.brand.brandId, (tx) => tx.select().from(schema.auditEvents).where(eq(schema.auditEvents.targetType, "commission"))),
    );
    expect(audit.map((a) => [a.action, a.targetId, a.actorId]).sort()).toEqual(
      [
        ["commission.approved", early.id, s.brand.apiKeyId],
        ["commission.released", held.id, s.brand.apiKeyId],
        ["commission.voided", toVoid.id, s.brand.apiKeyId],
      ].sort(),
    );
  });

  it("reports balances per currency, and lists newest first with filters and cursors", async () => {
    const s = await seller({ type: "percentage", rate_bps: 1000, duration: "lifetime", duration_months: null });
    await customer(s, "cus_m");
    await sale(s, "cus_m", "in_usd", 1000);
    // The campaign now pays in EUR: later EUR sales earn EUR, the earlier USD earning stays USD.
    expect((await call(`/v1/campaigns/${s.brand.campaignId}`, { method: "PATCH", key: s.brand.apiKey, json: { commission: { currency: "EUR" } } })).status).toBe(200);
    await track(s, "sale", { customer_external_id: "cus_m", amount: 3000, currency: "EUR", invoice_id: "in_eur" });
    expect(await balanceOf(s.brand, s.affiliateId)).toEqual([
      { currency: "EUR", pending: 300, approved: 0, paid: 0, clawbacks_outstanding: 0, payable: 0 },
      { currency: "USD", pending: 100, approved: 0, paid: 0, clawbacks_outstanding: 0, payable: 0 },
    ]);
    const first = await (await call(`/v1/commissions?limit=1&affiliate_id=${s.affiliateId}`, { key: s.brand.apiKey })).json<{ data: Commission[]; has_more: boolean; next_cursor: string }>();
    expect(first).toMatchObject({ has_more: true });
    expect(first.data[0]!.currency).toBe("EUR");
    const second = await (await call(`/v1/commissions?limit=1&affiliate_id=${s.affiliateId}&cursor=${first.next_cursor}`, { key: s.brand.apiKey })).json<{ data: Commission[]; has_more: boolean }>();
    expect(second).toMatchObject({ has_more: false });
    expect(second.data[0]!.currency).toBe("USD");
    const since = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    expect(await commissionsOf(s.brand, `&created_gte=${since}`)).toEqual([]);
    expect(await commissionsOf(s.brand, `&campaign_id=${s.brand.campaignId}&status=pending&held_for_review=false`)).toHaveLength(2);
  });
});
