import { and, desc, eq, isNull } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { apiKeys } from "../infra/db/schema";

type ApiKeyRow = typeof apiKeys.$inferSelect;

/** The brand's keys, live and revoked, newest first (the 200 newest). */
export function listApiKeys(tx: Tx): Promise<ApiKeyRow[]> {
  return tx.select().from(apiKeys).orderBy(desc(apiKeys.id)).limit(200);
}

export async function insertApiKey(tx: Tx, values: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [row] = await tx.insert(apiKeys).values(values).returning();
  return row!;
}

/** Revokes a live key; undefined when there is no live key by that id. */
export async function revokeApiKey(tx: Tx, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning();
  return row;
}
