import { sql } from "drizzle-orm";
import type { Db } from "../../infra/db/client";
import { describeDbError } from "../../infra/db/errors";
import { withBrand } from "../../infra/db/principal";
import { gatewaySignatureRefusals } from "../../infra/db/schema";
import { MAX_ATTEMPTS, isPermanentFailure, retryDelaySeconds } from "../../infra/jobs/retry";
import type { RefusalBatchMessage, SignatureRefusal } from "../../infra/queues/messages";

/**
 * The consumer's side of the edge's refusal counts (src/gateways/receive/refusals.ts):
 * adds them to `gateway_signature_refusals`, one row per connection, hour and reason,
 * under the principal of the brand the edge found for the connection.
 */

export function isRefusalBatch(body: unknown): body is RefusalBatchMessage {
  const b = body as RefusalBatchMessage | undefined;
  return b?.v === 1 && Array.isArray(b.refusals);
}

function isRefusal(r: SignatureRefusal): boolean {
  return typeof r?.connection === "string" && typeof r.brand === "string" && typeof r.reason === "string" && Number.isSafeInteger(r.count) && r.count > 0 && Number.isFinite(r.at);
}

const HOUR_MS = 3_600_000;

/** Adds the counts of one message, one transaction per brand. */
export async function recordRefusals(db: Db, refusals: SignatureRefusal[]): Promise<void> {
  const byBrand = new Map<string, SignatureRefusal[]>();
  for (const r of refusals.filter(isRefusal)) byBrand.set(r.brand, [...(byBrand.get(r.brand) ?? []), r]);
  for (const [brandId, rows] of byBrand) {
    await withBrand(db, brandId, async (tx) => {
      for (const r of rows) {
        const lastAt = new Date(r.at);
        await tx
          .insert(gatewaySignatureRefusals)
          .values({ connectionId: r.connection, brandId, hour: new Date(Math.floor(r.at / HOUR_MS) * HOUR_MS), reason: r.reason, count: r.count, lastAt })
          .onConflictDoUpdate({
            target: [gatewaySignatureRefusals.connectionId, gatewaySignatureRefusals.hour, gatewaySignatureRefusals.reason],
            set: { count: sql`${gatewaySignatureRefusals.count} + excluded.count`, lastAt: sql`greatest(${gatewaySignatureRefusals.lastAt}, excluded.last_at)` },
          });
      }
    });
  }
}

/**
 * Handles one refusal message of the events queue. Counts feed a health page, not money:
 * a write that retries cannot fix, or the last attempt, is logged and dropped rather than
 * dead-lettered. A redelivered message is counted again (the counts are at-least-once).
 */
export async function consumeRefusals(db: Db, message: Message<unknown>, body: RefusalBatchMessage): Promise<void> {
  try {
    await recordRefusals(db, body.refusals);
    message.ack();
  } catch (err) {
    const giveUp = isPermanentFailure(err) || message.attempts >= MAX_ATTEMPTS;
    console.error(JSON.stringify({ level: giveUp ? "error" : "warn", message: giveUp ? "signature refusals dropped" : "signature refusals not recorded; will retry", message_id: message.id, error: describeDbError(err) }));
    if (giveUp) message.ack();
    else message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}
