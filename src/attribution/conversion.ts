import type { Tx } from "../infra/db/client";
import { insertMany } from "../infra/db/insert-many";
import { conversions } from "../infra/db/schema";
import { newId, newIds } from "../infra/ids";
import { serializeConversion } from "../conversions/schemas";
import type { EventType } from "../webhooks/catalog";
import { emitEvent, emitEvents } from "../webhooks/emit";

/** `ignored`: kept as a tracking event only (an ignored notification, or not this connection's). */
export type EventOutcome = "duplicate_event" | "duplicate_invoice" | "duplicate_reference" | "ignored" | "recorded";

/** What recording an event did: its outcome and the webhook deliveries to queue after commit. */
export interface Recorded {
  outcome: EventOutcome;
  deliveries: string[];
}

export type ConversionRow = typeof conversions.$inferSelect;
type ConversionInsert = typeof conversions.$inferInsert;

/** The webhook event announcing a new conversion. */
function webhookType(row: ConversionRow): EventType {
  switch (row.type) {
    case "lead":
      return "lead.created";
    case "sale":
      return "sale.created";
    case "refund":
      return "refund.created";
    case "dispute":
      return row.kind === "won" ? "dispute.won" : row.kind === "lost" ? "dispute.lost" : "dispute.opened";
    case "cancellation":
      return "subscription.canceled";
    case "trial_started":
      return "trial.started";
  }
}

/**
 * Inserts the conversion and, in the same transaction, its webhook event (the outbox).
 * Undefined when a unique key says this conversion already exists (one sale per invoice,
 * one refund per refund id, one dispute row per dispute and phase).
 */
export async function insertConversion(tx: Tx, values: Omit<ConversionInsert, "id">): Promise<{ row: ConversionRow; deliveries: string[] } | undefined> {
  const [row] = await tx
    .insert(conversions)
    .values({ id: newId("conversion"), ...values })
    .onConflictDoNothing()
    .returning();
  if (!row) return undefined;
  const deliveries = await emitEvent(tx, row.brandId, webhookType(row), row.id, serializeConversion(row));
  return { row, deliveries };
}

/**
 * insertConversion for many conversions of one brand, in one insert and the outbox's three
 * statements at most, whatever their number. Returns the rows inserted (a unique key skips
 * the others, as it does one at a time) and their webhook deliveries.
 */
export async function insertConversions(tx: Tx, brandId: string, values: Omit<ConversionInsert, "id">[]): Promise<{ rows: ConversionRow[]; deliveries: string[] }> {
  if (values.length === 0) return { rows: [], deliveries: [] };
  const rows = await insertMany(tx, conversions, newIds("conversion", values.length).map((id, i) => ({ id, ...values[i]! })), { onConflictDoNothing: true });
  const deliveries = await emitEvents(
    tx,
    brandId,
    rows.map((row) => ({ type: webhookType(row), subjectId: row.id, data: serializeConversion(row) })),
  );
  return { rows, deliveries };
}
