import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { as, connectAsApp, seedTenant, type Tenant } from "./support";

/**
 * Payout runs, payouts and their commission links: a brand sees its own, a creator sees
 * the payouts (and links) that pay it and nothing of a brand's runs, nobody deletes a
 * record of money, and a payout's amount, creator and run never change. A creator's
 * connected account is theirs: a brand learns only whether its own creators take transfers.
 */

let client: pg.Client;
let a: Tenant & Paid;
let b: Tenant & Paid;

interface Paid {
  runId: string;
  payoutId: string;
  commissionId: string;
}

/** A sale, its approved earning, and a draft run whose pending payout reserves it, written as the brand. */
async function run(t: Tenant): Promise<Paid> {
  const eventId = newId("trackingEvent");
  const conversionId = newId("conversion");
  const commissionId = newId("commission");
  const runId = newId("payoutRun");
  const payoutId = newId("payout");
  await as(
    client,
    { brand: t.brandId },
    async () => {
      await client.query("insert into tracking_events (id, brand_id, source, delivery_id, type, payload, received_at) values ($1, $2, 's2s', $1, 'sale', '{}', now())", [eventId, t.brandId]);
      await client.query(
        `insert into conversions (id, brand_id, type, source_event_id, affiliate_id, enrollment_id, campaign_id, amount, currency, invoice_id, occurred_at, attribution, trail)
         values ($1, $2, 'sale', $3, $4, $5, $6, 1000, 'USD', $1, now(), '{"via":"click"}', 'test')`,
        [conversionId, t.brandId, eventId, t.affiliateId, t.enrollmentId, t.campaignId],
      );
      await client.query(
        `insert into commissions (id, brand_id, campaign_id, enrollment_id, affiliate_id, conversion_id, source_event_id, kind, amount, currency, status, approved_at, hold_until, explanation)
         values ($1, $2, $3, $4, $5, $6, $7, 'earning', 100, 'USD', 'approved', now(), now(), '{"lines":[],"inputs":{}}')`,
        [commissionId, t.brandId, t.campaignId, t.enrollmentId, t.affiliateId, conversionId, eventId],
      );
      // Approved (a creator sees a payout only once its run is): charging, attempt 1.
      await client.query("insert into payout_runs (id, brand_id, status, trigger, currency, transfer_amount, transfer_group, attempt, approved_at) values ($1, $2, 'charging', 'manual', 'USD', 100, $1, 1, now())", [runId, t.brandId]);
      await client.query("insert into payouts (id, run_id, brand_id, affiliate_id, status, amount, currency, transfer_group) values ($1, $2, $3, $4, 'pending', 100, 'USD', $2)", [
        payoutId,
        runId,
        t.brandId,
        t.affiliateId,
      ]);
      await client.query("insert into payout_commissions (payout_id, commission_id, brand_id, amount) values ($1, $2, $3, 100)", [payoutId, commissionId, t.brandId]);
      await client.query("update commissions set payout_id = $1 where id = $2", [payoutId, commissionId]);
    },
    true,
  );
  return { runId, payoutId, commissionId };
}

const ids = (r: pg.QueryResult) => r.rows.map((x: { id: string }) => x.id);

beforeAll(async () => {
  client = await connectAsApp();
  const ta = await seedTenant(client, "payouts-a");
  const tb = await seedTenant(client, "payouts-b");
  a = { ...ta, ...(await run(ta)) };
  b = { ...tb, ...(await run(tb)) };
  for (const t of [a, b]) {
    // What onboarding and the connected account's events record, as the creator.
    await as(
      client,
      { affiliate: t.affiliateId },
      () =>
        client.query(
          `insert into payout_accounts (affiliate_id, stripe_account_id, country, details_submitted, transfers_active, payouts_enabled, requirements_due, disabled_reason, last_bank_payout)
           values ($1, $2, 'US', true, true, true, '{external_account}', 'requirements.past_due', '{"id":"po_bank","status":"paid","amount":987654,"currency":"USD","arrival_date":null}')`,
          [t.affiliateId, accountOf(t)],
        ),
      true,
    );
  }
});

const accountOf = (t: Tenant) => `acct_${t.affiliateId.slice(4)}`;

afterAll(async () => {
  await client.end();
});

describe("payouts RLS", () => {
  it("shows a brand its own runs, payouts and links only", async () => {
    const seen = await as(client, { brand: a.brandId }, async () => ({
      runs: ids(await client.query("select id from payout_runs where id = any($1)", [[a.runId, b.runId]])),
      payouts: ids(await client.query("select id from payouts where id = any($1)", [[a.payoutId, b.payoutId]])),
      links: (await client.query("select payout_id from payout_commissions where payout_id = any($1)", [[a.payoutId, b.payoutId]])).rows.map((r) => r.payout_id),
    }));
    expect(seen).toEqual({ runs: [a.runId], payouts: [a.payoutId], links: [a.payoutId] });
    // Writing into another brand's run is refused.
    await expect(
      as(client, { brand: a.brandId }, () =>
        client.query("insert into payouts (id, run_id, brand_id, affiliate_id, status, amount, currency, transfer_group) values ($1, $2, $3, $4, 'pending', 1, 'USD', $2)", [newId("payout"), b.runId, b.brandId, a.affiliateId]),
      ),
    ).rejects.toThrow(/row-level security/);
    const moved = await as(client, { brand: a.brandId }, () => client.query("update payout_runs set status = 'canceled' where id = $1", [b.runId]));
    expect(moved.rowCount).toBe(0);
  });

  it("shows a creator its own payouts and their links, and no brand's runs", async () => {
    const seen = await as(client, { affiliate: a.affiliateId }, async () => ({
      runs: ids(await client.query("select id from payout_runs where id = any($1)", [[a.runId, b.runId]])),
      payouts: ids(await client.query("select id from payouts where id = any($1)", [[a.payoutId, b.payoutId]])),
      links: (await client.query("select commission_id from payout_commissions where payout_id = any($1)", [[a.payoutId, b.payoutId]])).rows.map((r) => r.commission_id),
    }));
    expect(seen).toEqual({ runs: [], payouts: [a.payoutId], links: [a.commissionId] });
    // A preview (a run never approved) is the brand's own: its lines are not the creator's to see.
    await as(client, { brand: a.brandId }, () => client.query("update payout_runs set approved_at = null where id = $1", [a.runId]), true);
    const previewed = await as(client, { affiliate: a.affiliateId }, async () => ({
      payouts: ids(await client.query("select id from payouts where id = $1", [a.payoutId])),
      links: (await client.query("select commission_id from payout_commissions where payout_id = $1", [a.payoutId])).rowCount,
    }));
    expect(previewed).toEqual({ payouts: [], links: 0 });
    await as(client, { brand: a.brandId }, () => client.query("update payout_runs set approved_at = now() where id = $1", [a.runId]), true);
    const changed = await as(client, { affiliate: a.affiliateId }, () => client.query("update payouts set status = 'paid' where id = $1", [a.payoutId]));
    expect(changed.rowCount).toBe(0);
  });

  it("fails closed without a principal", async () => {
    const seen = await as(client, {}, async () => (await client.query("select id from payouts where id = any($1)", [[a.payoutId, b.payoutId]])).rowCount);
    expect(seen).toBe(0);
  });

  it("never deletes a record of money, and a payout's amount, creator and run never change", async () => {
    for (const statement of [
      `delete from payout_runs where id = '${a.runId}'`,
      `delete from payouts where id = '${a.payoutId}'`,
      `delete from payout_commissions where payout_id = '${a.payoutId}'`,
      `update payouts set amount = 1000000 where id = '${a.payoutId}'`,
      `update payouts set affiliate_id = '${b.affiliateId}' where id = '${a.payoutId}'`,
      `update payouts set run_id = '${a.runId}' where id = '${a.payoutId}'`,
      `update payout_commissions set amount = 1 where payout_id = '${a.payoutId}'`,
    ]) {
      await expect(as(client, { brand: a.brandId }, () => client.query(statement)), statement).rejects.toThrow(/permission denied/);
    }
    // What the money mover may change: the status and Stripe's facts.
    const ok = await as(client, { brand: a.brandId }, () => client.query("update payouts set status = 'failed', failure_code = 'run_canceled' where id = $1", [a.payoutId]));
    expect(ok.rowCount).toBe(1);
  });

  it("keeps one open run per brand", async () => {
    await expect(
      as(client, { brand: a.brandId }, () => client.query("insert into payout_runs (id, brand_id, trigger, currency, transfer_group) values ($1, $2, 'manual', 'USD', $1)", [newId("payoutRun"), a.brandId])),
    ).rejects.toThrow(/payout_runs_open/);
  });

  it("gives a brand no payout_accounts row, and through payout_accounts_for_brand only its creators' account and transfer capability", async () => {
    const rows = await as(client, { brand: a.brandId }, async () => (await client.query("select * from payout_accounts where affiliate_id = any($1)", [[a.affiliateId, b.affiliateId]])).rowCount);
    expect(rows).toBe(0);
    const seen = await as(client, { brand: a.brandId }, async () => (await client.query("select * from payout_accounts_for_brand($1)", [[a.affiliateId, b.affiliateId]])).rows);
    // Another brand's creator is absent; the bank payout, requirements and disabled reason are not answered.
    expect(seen).toEqual([{ affiliate_id: a.affiliateId, stripe_account_id: accountOf(a), transfers_active: true }]);
    // Only for the current brand: a creator or no principal gets nothing.
    for (const who of [{ affiliate: a.affiliateId }, {}]) {
      const none = await as(client, who, async () => (await client.query("select * from payout_accounts_for_brand($1)", [[a.affiliateId, b.affiliateId]])).rowCount);
      expect(none, JSON.stringify(who)).toBe(0);
    }
    // The creator still reads and keeps their own whole row.
    const own = await as(client, { affiliate: a.affiliateId }, async () => (await client.query("select last_bank_payout from payout_accounts")).rows);
    expect(own).toEqual([{ last_bank_payout: expect.objectContaining({ amount: 987654 }) }]);
  });
});
