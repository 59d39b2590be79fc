import { and, count, desc, eq, gte, lt, max, sql, sum } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { conversions, gatewayConnections, gatewaySignatureRefusals, trackingEvents, type Gateway } from "../infra/db/schema";

export type GatewayConnectionRow = typeof gatewayConnections.$inferSelect;

/** The brand's connections (RLS scopes them), newest first, one extra row to tell whether a next page exists. */
export function listGatewayConnections(tx: Tx, opts: { limit: number; before?: string | undefined }): Promise<GatewayConnectionRow[]> {
  return tx
    .select()
    .from(gatewayConnections)
    .where(opts.before ? lt(gatewayConnections.id, opts.before) : undefined)
    .orderBy(desc(gatewayConnections.id))
    .limit(opts.limit + 1);
}

export async function findGatewayConnection(tx: Tx, id: string, opts: { lock?: boolean } = {}): Promise<GatewayConnectionRow | undefined> {
  const query = tx.select().from(gatewayConnections).where(eq(gatewayConnections.id, id));
  const [row] = opts.lock ? await query.for("update") : await query;
  return row;
}

/** The brand's active connection of that gateway, mode and kind (Connect platform or not), if any. */
export async function findActiveGatewayConnection(tx: Tx, gateway: Gateway, livemode: boolean, connect: boolean): Promise<GatewayConnectionRow | undefined> {
  const [row] = await tx
    .select()
    .from(gatewayConnections)
    .where(and(eq(gatewayConnections.gateway, gateway), eq(gatewayConnections.livemode, livemode), eq(gatewayConnections.connect, connect), eq(gatewayConnections.status, "active")));
  return row;
}

export async function insertGatewayConnection(tx: Tx, values: typeof gatewayConnections.$inferInsert): Promise<GatewayConnectionRow> {
  const [row] = await tx.insert(gatewayConnections).values(values).returning();
  return row!;
}

export async function updateGatewayConnection(tx: Tx, id: string, values: Partial<typeof gatewayConnections.$inferInsert>): Promise<GatewayConnectionRow> {
  const [row] = await tx
    .update(gatewayConnections)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(gatewayConnections.id, id))
    .returning();
  return row!;
}

/** What arrived through a connection since `since`: conversions by credit, ignored notifications and refused signatures by reason. */
export async function connectionHealthCounts(tx: Tx, connectionId: string, since: Date) {
  const credited = sql<number>`count(*) filter (where ${conversions.affiliateId} is not null)`.mapWith(Number);
  const [conversionCounts] = await tx
    .select({ credited, total: count() })
    .from(conversions)
    .where(and(eq(conversions.connectionId, connectionId), gte(conversions.createdAt, since)));
  const reason = sql<string>`coalesce(${trackingEvents.payload}->>'reason', 'unknown')`;
  const ignored = await tx
    .select({ reason, count: count() })
    .from(trackingEvents)
    .where(and(eq(trackingEvents.connectionId, connectionId), eq(trackingEvents.type, "ignored"), gte(trackingEvents.receivedAt, since)))
    .groupBy(reason)
    .orderBy(desc(count()), reason);
  const refusedTotal = sum(gatewaySignatureRefusals.count).mapWith(Number);
  const refused = await tx
    .select({ reason: gatewaySignatureRefusals.reason, count: refusedTotal })
    .from(gatewaySignatureRefusals)
    // Counts are kept per hour: the hour that contains `since` is counted whole.
    .where(and(eq(gatewaySignatureRefusals.connectionId, connectionId), gte(gatewaySignatureRefusals.hour, sql`date_trunc('hour', ${since.toISOString()}::timestamptz)`)))
    .groupBy(gatewaySignatureRefusals.reason)
    .orderBy(desc(refusedTotal), gatewaySignatureRefusals.reason);
  const [latest] = await tx.select({ at: max(trackingEvents.receivedAt) }).from(trackingEvents).where(eq(trackingEvents.connectionId, connectionId));
  return {
    credited: conversionCounts?.credited ?? 0,
    unattributed: (conversionCounts?.total ?? 0) - (conversionCounts?.credited ?? 0),
    ignored: ignored.map((r) => ({ reason: r.reason, count: r.count })),
    refusedSignature: refused.map((r) => ({ reason: r.reason, count: r.count })),
    latestEventAt: latest?.at ?? null,
  };
}
