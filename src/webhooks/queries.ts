import { and, asc, desc, eq, lt } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "../infra/db/schema";

export async function findEndpoint(tx: Tx, id: string) {
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row;
}

export function listEndpoints(tx: Tx, opts: { limit: number; before?: string | undefined }) {
  return tx
    .select()
    .from(webhookEndpoints)
    .where(opts.before ? lt(webhookEndpoints.id, opts.before) : undefined)
    .orderBy(desc(webhookEndpoints.id))
    .limit(opts.limit + 1);
}

export async function listDeliveries(tx: Tx, endpointId: string, opts: { limit: number; before?: string | undefined; status?: string | undefined }) {
  const rows = await tx
    .select({ delivery: webhookDeliveries, type: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        opts.status ? eq(webhookDeliveries.status, opts.status as "pending") : undefined,
        opts.before ? lt(webhookDeliveries.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(opts.limit + 1);
  return rows.map((r) => ({ id: r.delivery.id, ...r }));
}

export async function findDelivery(tx: Tx, id: string) {
  const [row] = await tx
    .select({ delivery: webhookDeliveries, type: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, id));
  if (!row) return undefined;
  const attempts = await tx.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, id)).orderBy(asc(webhookAttempts.attemptedAt));
  return { ...row, attempts };
}
