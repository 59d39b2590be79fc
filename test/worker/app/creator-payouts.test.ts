import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import type { z } from "@hono/zod-openapi";
import type { CreatorPayout, CreatorPayoutBalance } from "../../../src/payouts/accounts/schemas";
import { createBrand, enroll, signedInCreator, usingDb, type BrandFixture } from "../support/fixtures";
import { commission, payoutRun } from "../support/creator-payouts";

type Balance = z.infer<typeof CreatorPayoutBalance>;
type Payout = z.infer<typeof CreatorPayout>;

async function enrolled(brand: BrandFixture, affiliateId: string) {
  const { enrollmentId } = await enroll(brand, affiliateId);
  return { id: enrollmentId, campaignId: brand.campaignId, affiliateId };
}

async function weeklyPolicy(brandId: string, nextRunAt: Date) {
  await usingDb((db) => withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.insert(schema.payoutPolicies).values({ brandId, schedule: "weekly", weekday: 1, nextRunAt })));
}

describe("creator payouts: balances and history", () => {
  it("balances per brand and currency are right to the cent, and the history lists every brand's payouts, newest first", async () => {
    const creator = await signedInCreator();
    const other = await signedInCreator();
    const acme = await createBrand("Acme payouts");
    const bolt = await createBrand("Bolt payouts");
    const atAcme = await enrolled(acme, creator.affiliateId);
    const atBolt = await enrolled(bolt, creator.affiliateId);
    const otherAtAcme = await enrolled(acme, other.affiliateId);
    const nextRun = new Date(Date.UTC(2030, 0, 7, 9));
    await weeklyPolicy(acme.brandId, nextRun);

    // Acme, USD: one paid run, one open run reserving an earning net of a clawback.
    const [paidAtAcme] = await payoutRun(acme.brandId, "completed", [{ affiliateId: creator.affiliateId, status: "paid", amount: 1234 }]);
    const [reserved, othersReserved] = await payoutRun(acme.brandId, "charging", [
      { affiliateId: creator.affiliateId, status: "pending", amount: 3300 },
      { affiliateId: other.affiliateId, status: "pending", amount: 777 },
    ]);
    const paidEarning = await commission(acme.brandId, atAcme, { amount: 1234, status: "paid", payoutId: paidAtAcme });
    await commission(acme.brandId, atAcme, { amount: 4000, status: "approved", payoutId: reserved });
    await commission(acme.brandId, atAcme, { kind: "clawback", amount: -700, status: "approved", reversesId: paidEarning, payoutId: reserved });
    await commission(acme.brandId, atAcme, { amount: 2500, status: "approved" });
    await commission(acme.brandId, atAcme, { kind: "clawback", amount: -300, status: "approved", reversesId: paidEarning });
    const pendingEarning = await commission(acme.brandId, atAcme, { amount: 1000, status: "pending" });
    await commission(acme.brandId, atAcme, { kind: "reversal", amount: -200, status: "pending", reversesId: pendingEarning });
    // Test mode is never owed; another creator's money is not this creator's.
    await commission(acme.brandId, atAcme, { amount: 9999, status: "approved", livemode: false });
    await commission(acme.brandId, otherAtAcme, { amount: 777, status: "approved", payoutId: othersReserved });
    await commission(acme.brandId, otherAtAcme, { amount: 5000, status: "pending" });

    // Bolt, EUR, manual payouts: a paid run, then a run that carried the creator forward.
    const [paidAtBolt] = await payoutRun(bolt.brandId, "completed", [{ affiliateId: creator.affiliateId, status: "paid", amount: 4445, currency: "EUR" }]);
    await commission(bolt.brandId, atBolt, { amount: 4445, currency: "EUR", status: "paid", payoutId: paidAtBolt });
    await commission(bolt.brandId, atBolt, { amount: 555, currency: "EUR", status: "approved" });
    const [skipped] = await payoutRun(bolt.brandId, "completed", [{ affiliateId: creator.affiliateId, status: "skipped", amount: 555, currency: "EUR", skipReason: "below_minimum" }]);
    // Bolt's preview (not approved) reserves 600: the brand's working paper, not the creator's news.
    const [previewed] = await payoutRun(bolt.brandId, "draft", [{ affiliateId: creator.affiliateId, status: "pending", amount: 600, currency: "EUR" }]);
    const previewedCommission = await commission(bolt.brandId, atBolt, { amount: 600, currency: "EUR", status: "approved", payoutId: previewed });

    const res = await creator.browser.get("/api/creator/payouts/balances");
    expect(res.status).toBe(200);
    const { data } = await res.json<{ data: Balance[] }>();
    expect(data).toEqual([
      {
        brand: { id: acme.brandId, name: "Acme payouts" },
        currency: "USD",
        pending: 800,
        approved: 2500,
        in_payout: 3300,
        paid: 1234,
        clawback_outstanding: -300,
        next_payout_date: nextRun.toISOString(),
      },
      { brand: { id: bolt.brandId, name: "Bolt payouts" }, currency: "EUR", pending: 0, approved: 1155, in_payout: 0, paid: 4445, clawback_outstanding: 0, next_payout_date: null },
    ]);

    // Nor does the commission list name the preview's payout; a paid commission names its payout.
    const listed = await (await creator.browser.get(`/api/creator/commissions?brand_id=${bolt.brandId}`)).json<{ data: { id: string; payout_id: string | null }[] }>();
    expect(listed.data.find((c) => c.id === previewedCommission)?.payout_id).toBeNull();
    expect(listed.data.filter((c) => c.payout_id !== null).map((c) => c.payout_id)).toEqual([paidAtBolt]);

    const history = await (await creator.browser.get("/api/creator/payouts")).json<{ data: Payout[]; has_more: boolean }>();
    expect(history.has_more).toBe(false);
    expect(history.data.map((p) => [p.id, p.brand.name, p.status, p.amount, p.currency])).toEqual([
      [skipped, "Bolt payouts", "skipped", 555, "EUR"],
      [paidAtBolt, "Bolt payouts", "paid", 4445, "EUR"],
      [reserved, "Acme payouts", "pending", 3300, "USD"],
      [paidAtAcme, "Acme payouts", "paid", 1234, "USD"],
    ]);
    expect(history.data[0]).toMatchObject({ skip_reason: "below_minimum", transfer_id: null, paid_at: null });
    expect(history.data[0]!.skip_reason_text).toMatch(/minimum/);
    expect(history.data[1]!.transfer_id).toMatch(/^tr_/);
    expect(history.data[1]!.paid_at).not.toBeNull();

    // Pages of one, following next_cursor, give the same list.
    const seen: string[] = [];
    let path = "/api/creator/payouts?limit=1";
    for (;;) {
      const page = await (await creator.browser.get(path)).json<{ data: Payout[]; next_cursor: string | null }>();
      seen.push(...page.data.map((p) => p.id));
      if (!page.next_cursor) break;
      path = `/api/creator/payouts?limit=1&cursor=${encodeURIComponent(page.next_cursor)}`;
    }
    expect(seen).toEqual(history.data.map((p) => p.id));

    // The other creator sees their own payout only, and their own balance.
    const theirs = await (await other.browser.get("/api/creator/payouts")).json<{ data: Payout[] }>();
    expect(theirs.data.map((p) => p.id)).toEqual([othersReserved]);
    const theirBalances = await (await other.browser.get("/api/creator/payouts/balances")).json<{ data: Balance[] }>();
    expect(theirBalances.data).toEqual([
      { brand: { id: acme.brandId, name: "Acme payouts" }, currency: "USD", pending: 5000, approved: 0, in_payout: 777, paid: 0, clawback_outstanding: 0, next_payout_date: nextRun.toISOString() },
    ]);
  });

  it("RLS: a creator's principal reads only its own payouts, and the next payout date only of brands it works with", async () => {
    const creator = await signedInCreator();
    const stranger = await signedInCreator();
    const brand = await createBrand("RLS payouts");
    const elsewhere = await createBrand("Not theirs");
    await enrolled(brand, creator.affiliateId);
    await enrolled(elsewhere, stranger.affiliateId);
    await weeklyPolicy(brand.brandId, new Date(Date.UTC(2031, 5, 2)));
    await weeklyPolicy(elsewhere.brandId, new Date(Date.UTC(2031, 5, 9)));
    const [mine] = await payoutRun(brand.brandId, "completed", [{ affiliateId: creator.affiliateId, status: "skipped", amount: 0, skipReason: "nothing_due" }]);
    await payoutRun(elsewhere.brandId, "completed", [{ affiliateId: stranger.affiliateId, status: "skipped", amount: 0, skipReason: "nothing_due" }]);

    const seen = await usingDb((db) =>
      withPrincipal(db, { kind: "affiliate", affiliateId: creator.affiliateId }, async (tx) => ({
        payouts: await tx.select({ id: schema.payouts.id }).from(schema.payouts),
        policies: await tx.select().from(schema.payoutPolicies),
        schedule: ((await tx.execute(sql`select brand_id from payout_schedule_for_creator()`)) as unknown as { rows: { brand_id: string }[] }).rows,
      })),
    );
    expect(seen.payouts.map((p) => p.id)).toEqual([mine]);
    expect(seen.policies).toEqual([]);
    expect(seen.schedule.map((r) => r.brand_id)).toEqual([brand.brandId]);

    // Without a creator principal the schedule answers nothing.
    const asBrand = await usingDb((db) =>
      withPrincipal(db, { kind: "brand", brandId: elsewhere.brandId }, async (tx) => ((await tx.execute(sql`select brand_id from payout_schedule_for_creator()`)) as unknown as { rows: unknown[] }).rows),
    );
    expect(asBrand).toEqual([]);
  });
});
