import { eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { brands } from "../infra/db/schema";
import { addMember } from "../teams/queries";
import type { CreateBrand, UpdateBrand } from "./schemas";

type BrandRow = typeof brands.$inferSelect;

/** The brand, if the principal may see it (its own brand principal, a member, staff). */
export async function findBrand(tx: Tx, id: string): Promise<BrandRow | undefined> {
  const [row] = await tx.select().from(brands).where(eq(brands.id, id));
  return row;
}

/**
 * Creates a brand with `ownerUserId` as its first member, an owner. Runs as the new
 * brand's own principal (RLS `brand_self` admits exactly that brand and its first member).
 */
export async function createBrand(tx: Tx, ids: { brandId: string; memberId: string; ownerUserId: string }, input: CreateBrand): Promise<BrandRow> {
  const [row] = await tx
    .insert(brands)
    .values({ id: ids.brandId, name: input.name, websiteUrl: input.website_url ?? null, defaultCurrency: input.default_currency })
    .returning();
  await addMember(tx, { id: ids.memberId, brandId: ids.brandId, userId: ids.ownerUserId, role: "owner" });
  return row!;
}

/** Changes the settings sent, and only those. */
export async function changeBrandSettings(tx: Tx, id: string, input: UpdateBrand): Promise<BrandRow> {
  const [row] = await tx
    .update(brands)
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.website_url !== undefined && { websiteUrl: input.website_url }),
      ...(input.default_currency !== undefined && { defaultCurrency: input.default_currency }),
      ...(input.require_tax_form !== undefined && { requireTaxForm: input.require_tax_form }),
      updatedAt: new Date(),
    })
    .where(eq(brands.id, id))
    .returning();
  return row!;
}

/** Suspends or reinstates a brand (platform-admin principal); undefined when there is no such brand. */
export async function setBrandStatus(tx: Tx, id: string, status: "active" | "suspended"): Promise<BrandRow | undefined> {
  const [row] = await tx.update(brands).set({ status, updatedAt: new Date() }).where(eq(brands.id, id)).returning();
  return row;
}
