import { z } from "@hono/zod-openapi";
import { DEAD_LETTER_QUEUES, type deadLetters } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";

type Row = typeof deadLetters.$inferSelect;

export const DeadLetter = z
  .object({
    id: z.string().openapi({ example: "dlt_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("dead_letter"),
    brand_id: z.string().nullable(),
    queue: z.enum(DEAD_LETTER_QUEUES).openapi({ description: "The queue it could not be stored from." }),
    event_id: z.string().nullable().openapi({ description: "The tracking event (`tev_…`, the id the 202 answered with) when it is one S2S event." }),
    stored: z.boolean().nullable().openapi({ description: "For an event: whether it is recorded now (after a successful replay). Null when not known to the reader." }),
    error: z.string().openapi({ description: "Why it could not be stored, as the last attempt saw it." }),
    attempts: z.number().int(),
    raw: z.string().openapi({ description: "The message as it will be sent again on replay (JSON text)." }),
    first_seen_at: Timestamp,
    last_seen_at: Timestamp,
    replay_count: z.number().int(),
    last_replayed_at: Timestamp.nullable(),
  })
  .openapi("DeadLetter");
export type DeadLetter = z.infer<typeof DeadLetter>;

export function serializeDeadLetter(r: Row & { stored?: boolean | null }): DeadLetter {
  return {
    id: r.id,
    object: "dead_letter",
    brand_id: r.brandId,
    queue: r.queue,
    event_id: r.eventId,
    stored: r.stored ?? null,
    error: r.error,
    attempts: r.attempts,
    raw: r.raw,
    first_seen_at: r.firstSeenAt.toISOString(),
    last_seen_at: r.lastSeenAt.toISOString(),
    replay_count: r.replayCount,
    last_replayed_at: r.lastReplayedAt?.toISOString() ?? null,
  };
}
