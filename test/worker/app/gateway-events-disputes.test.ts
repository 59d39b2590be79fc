import { describe, expect, it } from "vitest";
import type { EventBatchMessage } from "../../../src/infra/queues/messages";
import { trackingEventId } from "../../../src/ingest/event-id";
import { webhookEventsAbout } from "../support/fixtures";
import { balanceOf, commissionsOf, markPaid, seller, type Seller } from "../support/commissions";
import { byKind, connectGateway, conversionsOf, deliver, gatewayEvent } from "../support/gateway-events";
import { clickAt, consume, daysAgo } from "../support/tracking";
import type { GatewayName } from "../../../src/gateways/types";

const LIFETIME_20 = { type: "percentage", rate_bps: 2000, currency: "USD", duration: "lifetime", duration_months: null };

/** A brand with a connection of `gateway` and a customer bound to its creator by a click. */
async function shop(gateway: GatewayName) {
  const s = await seller(LIFETIME_20);
  const connection = await connectGateway(s.brand, gateway);
  const click = await clickAt(s.linkId, daysAgo(1));
  return { s, connection, click, gateway };
}

type Shop = Awaited<ReturnType<typeof shop>>;

const paid = (shop: Shop, invoice: string, payment: string, amount: number) =>
  gatewayEvent(shop.gateway, "sale", { customer_external_id: "cus_D", click_id: shop.click, amount, currency: "USD", invoice_id: invoice, payment_id: payment, kind: "first_purchase" });
const disputed = (shop: Shop, phase: "opened" | "won" | "lost", dispute: string, ref: { invoice_id?: string | null; payment_id?: string }, amount: number) =>
  gatewayEvent(shop.gateway, "dispute", { phase, dispute_id: dispute, invoice_id: ref.invoice_id ?? null, ...(ref.payment_id ? { payment_id: ref.payment_id } : {}), amount, currency: "USD" });

const pending = (s: Seller) => balanceOf(s.brand, s.affiliateId).then((b) => b[0]?.pending ?? 0);

describe("gateway refunds", () => {
  it("Stripe basil: a partial refund naming only the payment finds its sale, and each refund id is applied once", async () => {
    const shop_ = await shop("stripe");
    const { s } = shop_;
    await deliver(s.brand, shop_.connection, paid(shop_, "in_1", "pi_1", 4900));
    const refund = gatewayEvent("stripe", "refund", { invoice_id: null, payment_id: "pi_1", refund_id: "re_1", amount: 1000, currency: "USD", partial: true });
    await deliver(s.brand, shop_.connection, refund);
    // The same refund again (refund.updated), under another event id.
    await deliver(s.brand, shop_.connection, { ...refund, external_event_id: `evt_${crypto.randomUUID()}` });

    const [sale] = await conversionsOf(s.brand, "sale");
    const refunds = await conversionsOf(s.brand, "refund");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ kind: "partial", reference_id: "re_1", payment_id: "pi_1", invoice_id: "in_1", sale_id: sale!.id, amount: 1000, affiliate_id: s.affiliateId });
    const commissions = await commissionsOf(s.brand);
    const [earning] = byKind(commissions, "earning");
    expect(byKind(commissions, "reversal").map((c) => [c.amount, c.reverses_commission_id, c.conversion_id])).toEqual([[-200, earning!.id, refunds[0]!.id]]);
    expect(earning!.amount).toBe(980);
  });

  it("Paddle: a refund before its sale is recorded unlinked, then follows the sale and takes back its share", async () => {
    const shop_ = await shop("paddle");
    const { s } = shop_;
    await deliver(s.brand, shop_.connection, gatewayEvent("paddle", "refund", { invoice_id: "txn_2", payment_id: "txn_2", refund_id: "adj_2", amount: 2000, currency: "USD", partial: false }));
    const [early] = await conversionsOf(s.brand, "refund");
    expect(early).toMatchObject({ sale_id: null, affiliate_id: null, attribution: { reason: "sale_not_found" } });
    expect(await commissionsOf(s.brand)).toEqual([]);

    await deliver(s.brand, shop_.connection, paid(shop_, "txn_2", "txn_2", 2000));
    const [sale] = await conversionsOf(s.brand, "sale");
    const [refund] = await conversionsOf(s.brand, "refund");
    expect(refund).toMatchObject({ sale_id: sale!.id, affiliate_id: s.affiliateId, kind: "full" });
    const commissions = await commissionsOf(s.brand);
    expect(commissions.map((c) => [c.kind, c.amount, c.status]).sort()).toEqual([
      ["earning", 400, "reversed"],
      ["reversal", -400, "reversed"],
    ]);
  });
});

describe("gateway disputes", () => {
  it("Stripe: opened takes back like a refund of the disputed amount; lost is recorded and moves nothing", async () => {
    const shop_ = await shop("stripe");
    const { s } = shop_;
    await deliver(s.brand, shop_.connection, paid(shop_, "in_3", "pi_3", 5000));
    await deliver(s.brand, shop_.connection, disputed(shop_, "opened", "du_3", { payment_id: "pi_3" }, 2500));
    const [opened] = await conversionsOf(s.brand, "dispute");
    expect(opened).toMatchObject({ kind: "opened", reference_id: "du_3", invoice_id: "in_3", affiliate_id: s.affiliateId, attribution: { via: "sale" } });
    expect((await webhookEventsAbout(s.brand.brandId, opened!.id)).map((e) => e.type)).toEqual(["dispute.opened"]);
    const [reversal] = byKind(await commissionsOf(s.brand), "reversal");
    expect(reversal).toMatchObject({ amount: -500, conversion_id: opened!.id, status: "pending" });
    expect(reversal!.explanation.lines[0]).toBe("Dispute du_3 (chargeback) of 2500 USD minor units against a payment of 5000 USD minor units (50 % of it).");
    expect(await pending(s)).toBe(500);

    await deliver(s.brand, shop_.connection, disputed(shop_, "lost", "du_3", { payment_id: "pi_3" }, 2500));
    const lost = (await conversionsOf(s.brand, "dispute")).find((c) => c.kind === "lost")!;
    expect((await webhookEventsAbout(s.brand.brandId, lost.id)).map((e) => e.type)).toEqual(["dispute.lost"]);
    expect((await commissionsOf(s.brand)).map((c) => c.kind).sort()).toEqual(["earning", "reversal"]);
    expect(await pending(s)).toBe(500);
  });

  it("Braintree: won reinstates what opened took, to the cent, restoring an earning the dispute had emptied", async () => {
    const shop_ = await shop("braintree");
    const { s } = shop_;
    await deliver(s.brand, shop_.connection, paid(shop_, "bt_4", "bt_4", 4999));
    await deliver(s.brand, shop_.connection, disputed(shop_, "opened", "dp_4", { invoice_id: "bt_4", payment_id: "bt_4" }, 4999));
    let commissions = await commissionsOf(s.brand);
    expect(commissions.map((c) => [c.kind, c.amount, c.status]).sort()).toEqual([
      ["earning", 1000, "reversed"],
      ["reversal", -1000, "reversed"],
    ]);
    expect(await pending(s)).toBe(0);

    await deliver(s.brand, shop_.connection, disputed(shop_, "won", "dp_4", { invoice_id: "bt_4", payment_id: "bt_4" }, 4999));
    commissions = await commissionsOf(s.brand);
    const [reversal] = byKind(commissions, "reversal");
    const [reinstatement] = byKind(commissions, "reinstatement");
    const won = (await conversionsOf(s.brand, "dispute")).find((c) => c.kind === "won")!;
    expect(reinstatement).toMatchObject({ amount: 1000, status: "pending", reverses_commission_id: reversal!.id, conversion_id: won.id });
    expect(reinstatement!.explanation.lines[0]).toContain(`Dispute dp_4 was won: the 1000 USD minor units that its reversal ${reversal!.id} took back`);
    expect(reinstatement!.explanation.lines[1]).toContain("restored to pending");
    expect(commissions.map((c) => [c.kind, c.status]).sort()).toEqual([
      ["earning", "pending"],
      ["reinstatement", "pending"],
      ["reversal", "pending"],
    ]);
    expect(await pending(s)).toBe(1000);
    expect((await webhookEventsAbout(s.brand.brandId, won.id)).map((e) => e.type)).toEqual(["dispute.won"]);
    expect((await webhookEventsAbout(s.brand.brandId, reinstatement!.id)).map((e) => e.type)).toEqual(["commission.reinstated"]);

    // The earning holds its money again: a later refund takes back from it as usual.
    await deliver(s.brand, shop_.connection, gatewayEvent("braintree", "refund", { invoice_id: "bt_4", payment_id: "bt_4", refund_id: "bt_r4", amount: 4999, currency: "USD", partial: false }));
    commissions = await commissionsOf(s.brand);
    expect(commissions.reduce((sum, c) => sum + c.amount, 0)).toBe(0);
    expect(commissions.every((c) => c.status === "reversed")).toBe(true);
  });

  it("Paddle: a won that arrives before its opening is recorded and applied when the opening arrives", async () => {
    const shop_ = await shop("paddle");
    const { s } = shop_;
    await deliver(s.brand, shop_.connection, paid(shop_, "txn_5", "txn_5", 3000));
    await deliver(s.brand, shop_.connection, disputed(shop_, "won", "cb_5", { invoice_id: "txn_5" }, 1500));
    const [won] = await conversionsOf(s.brand, "dispute");
    expect(won!.attribution.trail).toContain("was won before its opening was recorded");
    expect(byKind(await commissionsOf(s.brand), "reinstatement")).toEqual([]);

    await deliver(s.brand, shop_.connection, disputed(shop_, "opened", "cb_5", { invoice_id: "txn_5" }, 1500));
    const commissions = await commissionsOf(s.brand);
    expect(commissions.map((c) => [c.kind, c.amount]).sort()).toEqual([
      ["earning", 600],
      ["reinstatement", 300],
      ["reversal", -300],
    ]);
    expect(await pending(s)).toBe(600);
  });

  it("a dispute before its sale is linked when the sale arrives, by payment", async () => {
    const shop_ = await shop("stripe");
    const { s } = shop_;
    await deliver(s.brand, shop_.connection, disputed(shop_, "opened", "du_6", { payment_id: "pi_6" }, 1000));
    expect((await conversionsOf(s.brand, "dispute"))[0]).toMatchObject({ sale_id: null, attribution: { reason: "sale_not_found" } });
    await deliver(s.brand, shop_.connection, paid(shop_, "in_6", "pi_6", 1000));
    const [sale] = await conversionsOf(s.brand, "sale");
    expect((await conversionsOf(s.brand, "dispute"))[0]).toMatchObject({ sale_id: sale!.id, invoice_id: "in_6", affiliate_id: s.affiliateId });
    expect((await commissionsOf(s.brand)).map((c) => [c.kind, c.amount]).sort()).toEqual([
      ["earning", 200],
      ["reversal", -200],
    ]);
  });

  it("after payout, opened claws back and won gives it back, approved for the next payout", async () => {
    const shop_ = await shop("stripe");
    const { s } = shop_;
    await deliver(s.brand, shop_.connection, paid(shop_, "in_7", "pi_7", 1000));
    const [earning] = await commissionsOf(s.brand);
    await markPaid(s.brand.brandId, earning!.id);
    await deliver(s.brand, shop_.connection, disputed(shop_, "opened", "du_7", { payment_id: "pi_7" }, 1000));
    await deliver(s.brand, shop_.connection, disputed(shop_, "won", "du_7", { payment_id: "pi_7" }, 1000));
    const commissions = await commissionsOf(s.brand);
    const [clawback] = byKind(commissions, "clawback");
    expect(clawback).toMatchObject({ amount: -200, status: "approved" });
    expect(byKind(commissions, "reinstatement")).toMatchObject([{ amount: 200, status: "approved", reverses_commission_id: clawback!.id }]);
    expect(byKind(commissions, "reinstatement")[0]!.explanation.lines[1]).toContain("the reinstatement is approved at once, and the next payout pays it");
    expect(await balanceOf(s.brand, s.affiliateId)).toEqual([{ currency: "USD", pending: 0, approved: 200, paid: 200, clawbacks_outstanding: -200, payable: 0 }]);
  });

  it("an S2S dispute (no source on the message) is recorded by the same recorder", async () => {
    const s = await seller(LIFETIME_20);
    const stripe = await connectGateway(s.brand, "stripe");
    const click = await clickAt(s.linkId, daysAgo(1));
    await deliver(s.brand, stripe, gatewayEvent("stripe", "sale", { customer_external_id: "cus_8", click_id: click, amount: 2000, currency: "USD", invoice_id: "in_8", kind: "first_purchase" }));
    const webhookId = `msg_${crypto.randomUUID()}`;
    const message: EventBatchMessage = {
      v: 1,
      events: [
        {
          id: await trackingEventId(s.brand.brandId, "s2s", webhookId),
          brand: s.brand.brandId,
          key: s.key.keyId,
          delivery: webhookId,
          type: "dispute",
          data: { dispute_id: "dp_s2s", phase: "opened", invoice_id: "in_8", amount: 2000, currency: "USD" },
          receivedAt: Date.now(),
        },
      ],
    };
    const result = await consume("rekomi-events", [message, message]);
    expect(result.explicitAcks).toHaveLength(2);
    const [dispute] = await conversionsOf(s.brand, "dispute");
    expect(dispute).toMatchObject({ source: "s2s", connection_id: null, livemode: true, kind: "opened", affiliate_id: s.affiliateId });
    expect(byKind(await commissionsOf(s.brand), "reversal").map((c) => c.amount)).toEqual([-400]);
  });
});
