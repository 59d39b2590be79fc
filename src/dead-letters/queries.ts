import { desc, eq, lt, sql } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { deadLetters } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";

/**
 * Dead letters the principal may see, newest first (RLS: the brand its own, staff all).
 * `stored` says whether an event is recorded by now; it reads tracking_events, which only
 * the brand can, so staff get null.
 */
export function listDeadLetters(tx: Tx, opts: { limit: number; before?: string | undefined; withStored: boolean }) {
  const stored = opts.withStored
    ? sql<boolean | null>`case when ${deadLetters.eventId} is null then null else exists (select 1 from tracking_events e where e.id = ${deadLetters.eventId}) end`
    : sql<null>`null`;
  return tx
    .select({ row: deadLetters, stored })
    .from(deadLetters)
    .where(opts.before ? lt(deadLetters.id, opts.before) : undefined)
    .orderBy(desc(deadLetters.id))
    .limit(opts.limit + 1)
    .then((rows) => rows.map((r) => ({ ...r.row, stored: r.stored })));
}

/** Sends a dead letter's message back to its queue and counts the replay (errors name `deadLetterId`). */
export async function replayDeadLetter(tx: Tx, queues: Record<string, Queue<unknown>>, id: string) {
  const [row] = await tx.select().from(deadLetters).where(eq(deadLetters.id, id)).for("update");
  if (!row) throw new DomainError("not_found", `No dead letter ${id}.`, { param: "deadLetterId" });
  const queue = queues[row.queue];
  if (!queue) throw new DomainError("service_unavailable", `No binding to send to ${row.queue}.`);
  try {
    await queue.send(JSON.parse(row.raw), { contentType: "json" });
  } catch (err) {
    console.error(JSON.stringify({ level: "error", message: "replay not queued", dead_letter_id: id, error: String(err) }));
    throw new DomainError("service_unavailable", "The message could not be queued again. Retry the replay.");
  }
  const [updated] = await tx
    .update(deadLetters)
    .set({ replayCount: sql`${deadLetters.replayCount} + 1`, lastReplayedAt: new Date() })
    .where(eq(deadLetters.id, id))
    .returning();
  return updated!;
}

/** The queues a replay may send to, from the app worker's config. */
export function replayQueues(config: { EVENTS_QUEUE: Queue<never>; CLICKS_QUEUE: Queue<never>; WEBHOOKS: Queue<unknown>; PAYOUTS_QUEUE: Queue<never> }): Record<string, Queue<unknown>> {
  return { "rekomi-events": config.EVENTS_QUEUE as Queue<unknown>, "rekomi-clicks": config.CLICKS_QUEUE as Queue<unknown>, "rekomi-webhooks": config.WEBHOOKS, "rekomi-payouts": config.PAYOUTS_QUEUE as Queue<unknown> };
}
