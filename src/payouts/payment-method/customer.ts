import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { brands, payoutPolicies } from "../../infra/db/schema";
import { DomainError } from "../../infra/domain-error";

export type PolicyRow = typeof payoutPolicies.$inferSelect;

/**
 * The brand's Customer at Rekomi's platform, created on first use with the brand's policy row
 * (defaults: manual schedule, the brand's default currency, approval required). The idempotency
 * key is the brand id, so a retry after a lost answer, or two tabs at once, make one Customer;
 * the row keeps the first id stored.
 */
export async function ensurePlatformCustomer(db: Db, stripe: Stripe, brandId: string): Promise<PolicyRow> {
  const { brand, policy } = await withBrand(db, brandId, async (tx) => {
    const [brand] = await tx.select({ name: brands.name, currency: brands.defaultCurrency }).from(brands).where(eq(brands.id, brandId));
    const [policy] = await tx.select().from(payoutPolicies).where(eq(payoutPolicies.brandId, brandId));
    return { brand, policy };
  });
  if (!brand) throw new DomainError("not_found", `No brand ${brandId}.`, { param: "brandId" });
  if (policy?.stripeCustomerId) return policy;
  let customer: Stripe.Customer;
  try {
    customer = await stripe.customers.create({ name: brand.name, metadata: { rekomi_brand: brandId } }, { idempotencyKey: `brand_${brandId}_customer` });
  } catch (error) {
    throw new DomainError("bad_gateway", `Stripe could not be reached or failed while creating the brand's customer; try again. (${(error as Error).message})`);
  }
  return withBrand(db, brandId, async (tx) => {
    const [row] = await tx
      .insert(payoutPolicies)
      .values({ brandId, currency: brand.currency, stripeCustomerId: customer.id })
      .onConflictDoUpdate({
        target: payoutPolicies.brandId,
        set: { stripeCustomerId: sql`coalesce(${payoutPolicies.stripeCustomerId}, excluded.stripe_customer_id)`, updatedAt: new Date() },
      })
      .returning();
    return row!;
  });
}
