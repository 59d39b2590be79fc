import { eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { createEarning } from "../../src/commissions/earn";
import { approveDue } from "../../src/commissions/lifecycle";
import { reverseForRefund } from "../../src/commissions/reverse";
import { drizzleOptions } from "../../src/infra/db/client";
import { withBrand } from "../../src/infra/db/principal";
import * as schema from "../../src/infra/db/schema";
import { DEMO_AFFILIATE_EMAIL, DEMO_IDS, DEMO_LINK_CODE } from "./seed";

const DAY_MS = 86_400_000;
const seedId = (prefix: string, n: number) => `${prefix}_0000000000seed00000000000${n}`;

/**
 * The demo's conversions: four sales of Casey's customers and a partial refund. The two sales
 * older than the campaign's 30-day hold are approved, so the demo brand's first payout run
 * has something to pay Casey (docs/payouts.md).
 */
const DEMO_CONVERSIONS = [
  { n: 1, type: "sale", amount: 4900, daysAgo: 40, customer: 1, email: "ada@customer.test" },
  { n: 5, type: "sale", amount: 7900, daysAgo: 35, customer: 4, email: "cy@customer.test" },
  { n: 2, type: "sale", amount: 9900, daysAgo: 2, customer: 2, email: "bo@customer.test" },
  { n: 3, type: "refund", amount: 4900, daysAgo: 1, customer: 2, email: "bo@customer.test", refunds: 2 },
  // Casey buying through her own link: the fraud checks hold its commission for review.
  { n: 4, type: "sale", amount: 4900, daysAgo: 3, customer: 3, email: DEMO_AFFILIATE_EMAIL },
] as const;

/**
 * Demo commissions for the dashboard and the demo payout (`npm run dev` and the browser test; not the bench,
 * which counts events): the conversions are written directly, as attribution would have
 * credited them through Casey's link, and their commissions by the product's own code
 * (calculation, fraud checks, refunds, approval). Fixed ids keep it idempotent.
 */
export async function seedDemoCommissions(appUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: appUrl, max: 1 });
  const db = drizzle({ client: pool, ...drizzleOptions });
  const { brand, campaign, enrollment, affiliate, link } = DEMO_IDS;
  try {
    await withBrand(db, brand, async (tx) => {
      for (const c of DEMO_CONVERSIONS) {
        const at = new Date(Date.now() - c.daysAgo * DAY_MS);
        const customerId = seedId("cus", c.customer);
        const externalId = `demo-customer-${c.customer}`;
        await tx.insert(schema.customers).values({ id: customerId, brandId: brand, externalId, email: c.email }).onConflictDoNothing();
        const eventId = seedId("tev", c.n);
        const invoiceId = `demo-in-${"refunds" in c ? c.refunds : c.n}`;
        await tx
          .insert(schema.trackingEvents)
          .values({ id: eventId, brandId: brand, source: "s2s", deliveryId: `demo-${c.n}`, type: c.type, payload: { invoice_id: invoiceId, amount: c.amount, currency: "USD" }, receivedAt: at })
          .onConflictDoNothing();
        await tx
          .insert(schema.conversions)
          .values({
            id: seedId("cnv", c.n),
            brandId: brand,
            type: c.type,
            sourceEventId: eventId,
            customerId,
            customerExternalId: externalId,
            affiliateId: affiliate,
            enrollmentId: enrollment,
            campaignId: campaign,
            linkId: link,
            amount: c.amount,
            currency: "USD",
            invoiceId,
            saleId: "refunds" in c ? seedId("cnv", c.refunds) : null,
            occurredAt: at,
            attribution: { via: c.type === "sale" ? "customer" : "sale" },
            trail: `demo data: customer ${externalId} came through link ${DEMO_LINK_CODE}`,
          })
          .onConflictDoNothing();
      }
      const rows = await tx.select().from(schema.conversions).where(eq(schema.conversions.enrollmentId, enrollment));
      for (const row of rows.filter((r) => r.id.includes("seed") && r.type === "sale")) await createEarning(tx, row);
      for (const row of rows.filter((r) => r.id.includes("seed") && r.type === "refund")) await reverseForRefund(tx, row);
      // Only earnings still pending move: a commission a demo payout already paid stays paid.
      const due = await tx.select({ id: schema.commissions.id }).from(schema.commissions).where(inArray(schema.commissions.conversionId, [seedId("cnv", 1), seedId("cnv", 5)]));
      await approveDue(tx, due.map((d) => d.id));
    });
  } finally {
    await pool.end();
  }
}
