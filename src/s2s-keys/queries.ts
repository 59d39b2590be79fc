import { desc, eq, lt } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { s2sKeys } from "../infra/db/schema";

type S2sKeyRow = typeof s2sKeys.$inferSelect;

export function listS2sKeys(tx: Tx, opts: { limit: number; before?: string | undefined }): Promise<S2sKeyRow[]> {
  return tx
    .select()
    .from(s2sKeys)
    .where(opts.before ? lt(s2sKeys.id, opts.before) : undefined)
    .orderBy(desc(s2sKeys.id))
    .limit(opts.limit + 1);
}

export async function findS2sKey(tx: Tx, id: string): Promise<S2sKeyRow | undefined> {
  const [row] = await tx.select().from(s2sKeys).where(eq(s2sKeys.id, id)).for("update");
  return row;
}

export async function insertS2sKey(tx: Tx, values: typeof s2sKeys.$inferInsert): Promise<S2sKeyRow> {
  const [row] = await tx.insert(s2sKeys).values(values).returning();
  return row!;
}

export async function updateS2sKey(tx: Tx, id: string, values: Partial<typeof s2sKeys.$inferInsert>): Promise<S2sKeyRow> {
  const [row] = await tx.update(s2sKeys).set(values).where(eq(s2sKeys.id, id)).returning();
  return row!;
}
