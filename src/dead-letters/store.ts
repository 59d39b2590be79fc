import { sql } from "drizzle-orm";
import type { Db } from "../infra/db/client";
import { withPrincipal } from "../infra/db/principal";
import { deadLetters, type DeadLetterQueue } from "../infra/db/schema";
import { printable } from "../infra/http/text";
import { newId } from "../infra/ids";

export interface DeadLetterEntry {
  /** Null only for a message nobody could read a brand from (staff see it). */
  brandId: string | null;
  queue: DeadLetterQueue;
  /** Same key, same row: a second failure of the same thing updates it. */
  dedupeKey: string;
  eventId?: string;
  /** The message body to send again on replay. */
  body: unknown;
  error: string;
  attempts: number;
}

/**
 * Writes (or refreshes) a dead letter in its own transaction, under the brand's principal
 * (a staff principal for brandless ones). `raw` is JSON text: JSON.stringify escapes NUL
 * and lone surrogates, so the very text Postgres refused as jsonb is kept intact. Throws
 * when Postgres is unreachable: the caller must then not ack the message.
 */
export async function recordDeadLetter(db: Db, e: DeadLetterEntry): Promise<void> {
  const principal = e.brandId ? { kind: "brand" as const, brandId: e.brandId } : { kind: "platform_admin" as const, userId: "system:jobs" };
  const error = printable(e.error).slice(0, 2000);
  await withPrincipal(db, principal, (tx) =>
    tx
      .insert(deadLetters)
      .values({ id: newId("deadLetter"), brandId: e.brandId, queue: e.queue, dedupeKey: e.dedupeKey, eventId: e.eventId ?? null, raw: JSON.stringify(e.body), error, attempts: e.attempts })
      .onConflictDoUpdate({
        target: [deadLetters.queue, deadLetters.dedupeKey],
        set: { error, attempts: sql`greatest(${deadLetters.attempts}, excluded.attempts)`, lastSeenAt: sql`now()` },
      }),
  );
  console.error(JSON.stringify({ level: "error", message: "dead-lettered", queue: e.queue, brand_id: e.brandId, key: e.dedupeKey, attempts: e.attempts, error }));
}
