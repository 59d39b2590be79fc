import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { AuditActor } from "../../audit/log";
import { recordAudit } from "../../audit/log";
import type { ClientInfo } from "../../auth/client-info";
import type { Db } from "../../infra/db/client";
import { withBrand } from "../../infra/db/principal";
import { payoutPolicies } from "../../infra/db/schema";
import type { PolicyRow } from "./customer";
import { describeMethod, savedBySession } from "./stripe-session";

export type SaveOutcome = { kind: "saved" | "unchanged" | "superseded"; policy: PolicyRow } | { kind: "not_this_brand" } | { kind: "incomplete" };

/**
 * Makes the method a completed setup session saved the brand's payment method: from the
 * dashboard's return (`confirm`) and from `checkout.session.completed`, whichever comes first.
 * The session must be the brand's own (its Customer and `metadata.rekomi_brand`). Idempotent:
 * the same method again changes nothing and is not audited twice; a late session whose method
 * is older than the one saved (events arrive in any order) does not replace it. The method is
 * not made the Customer's default at Stripe: every run's PaymentIntent names the method it
 * charges, so this row stays the one truth of how the brand pays.
 */
export async function saveMethodFromSession(
  db: Db,
  stripe: Stripe,
  brandId: string,
  session: Stripe.Checkout.Session,
  by: { actor: AuditActor; client: ClientInfo | null },
): Promise<SaveOutcome> {
  if (session.metadata?.rekomi_brand !== brandId) return { kind: "not_this_brand" };
  const method = savedBySession(session);
  return withBrand(db, brandId, async (tx) => {
    const [policy] = await tx.select().from(payoutPolicies).where(eq(payoutPolicies.brandId, brandId)).for("update");
    const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
    if (!policy?.stripeCustomerId || policy.stripeCustomerId !== customer) return { kind: "not_this_brand" } as const;
    if (!method) return { kind: "incomplete" } as const;
    if (policy.paymentMethod?.id === method.id) return { kind: "unchanged", policy } as const;
    if (policy.paymentMethod && (await createdAt(stripe, policy.paymentMethod.id)) > method.created) return { kind: "superseded", policy } as const;
    const saved = describeMethod(method);
    const [updated] = await tx.update(payoutPolicies).set({ paymentMethod: saved, updatedAt: new Date() }).where(eq(payoutPolicies.brandId, brandId)).returning();
    await recordAudit(tx, {
      brandId,
      actor: by.actor,
      action: "payout_method.saved",
      target: { type: "payment_method", id: saved.id },
      metadata: { type: saved.type, label: saved.label, last4: saved.last4, session: session.id },
      client: by.client,
    });
    return { kind: "saved", policy: updated! } as const;
  });
}

/** When Stripe made a method (epoch seconds); one Stripe no longer has counts as oldest. */
async function createdAt(stripe: Stripe, methodId: string): Promise<number> {
  try {
    return (await stripe.paymentMethods.retrieve(methodId)).created;
  } catch (error) {
    if ((error as { code?: string }).code === "resource_missing") return 0;
    throw error;
  }
}
