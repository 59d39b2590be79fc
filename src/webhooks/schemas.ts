import { z } from "@hono/zod-openapi";
import type { webhookAttempts, webhookDeliveries, webhookEndpoints } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";
import { EVENT_TYPES } from "./catalog";

const EventSelector = z.union([z.literal("*"), z.enum(EVENT_TYPES)]);

export const CreateWebhookEndpoint = z
  .object({
    url: z.string().max(2048).openapi({ description: "Where events are POSTed. https to a public host in production." }),
    description: z.string().max(500).nullable().optional(),
    enabled_events: z.array(EventSelector).min(1).max(EVENT_TYPES.length).default(["*"]).openapi({ description: "Event types to receive; `*` for all." }),
  })
  .openapi("CreateWebhookEndpoint");

export const UpdateWebhookEndpoint = z
  .object({
    url: z.string().max(2048).optional(),
    description: z.string().max(500).nullable().optional(),
    enabled_events: z.array(EventSelector).min(1).max(EVENT_TYPES.length).optional(),
    status: z.enum(["enabled", "disabled"]).optional().openapi({ description: "Re-enabling clears an automatic disable." }),
  })
  .strict()
  .openapi("UpdateWebhookEndpoint");

export const WebhookEndpoint = z
  .object({
    id: z.string(),
    object: z.literal("webhook_endpoint"),
    url: z.string(),
    description: z.string().nullable(),
    enabled_events: z.array(z.string()),
    status: z.enum(["enabled", "disabled"]),
    disabled_reason: z.string().nullable(),
    created_at: Timestamp,
  })
  .openapi("WebhookEndpoint");

export const WebhookEndpointWithSecret = WebhookEndpoint.extend({
  secret: z.string().nullable().openapi({
    description:
      "Standard Webhooks signing secret (`whsec_…`). Shown only in this response; `null` when an `Idempotency-Key` replay answers (secrets are never stored with the replay): rotate it to get a new one.",
  }),
}).openapi("WebhookEndpointWithSecret");

export const DeletedWebhookEndpoint = z
  .object({ id: z.string(), object: z.literal("webhook_endpoint"), deleted: z.literal(true) })
  .openapi("DeletedWebhookEndpoint");

export function serializeEndpoint(r: typeof webhookEndpoints.$inferSelect): z.infer<typeof WebhookEndpoint> {
  return {
    id: r.id,
    object: "webhook_endpoint",
    url: r.url,
    description: r.description,
    enabled_events: r.enabledEvents,
    status: r.status,
    disabled_reason: r.disabledReason,
    created_at: r.createdAt.toISOString(),
  };
}

export const WebhookAttempt = z.object({
  attempted_at: Timestamp,
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  response_excerpt: z.string().nullable(),
});

export const WebhookDelivery = z
  .object({
    id: z.string(),
    object: z.literal("webhook_delivery"),
    endpoint_id: z.string(),
    event: z.object({ id: z.string(), type: z.string() }),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    next_attempt_at: Timestamp.nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    delivered_at: Timestamp.nullable(),
    created_at: Timestamp,
    attempt_log: z.array(WebhookAttempt).optional().openapi({ description: "Every HTTP attempt, oldest first (on retrieve only)." }),
  })
  .openapi("WebhookDelivery");

export function serializeDelivery(
  d: typeof webhookDeliveries.$inferSelect,
  eventType: string,
  attempts?: (typeof webhookAttempts.$inferSelect)[],
): z.infer<typeof WebhookDelivery> {
  return {
    id: d.id,
    object: "webhook_delivery",
    endpoint_id: d.endpointId,
    event: { id: d.eventId, type: eventType },
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    delivered_at: d.deliveredAt?.toISOString() ?? null,
    created_at: d.createdAt.toISOString(),
    ...(attempts && {
      attempt_log: attempts.map((a) => ({
        attempted_at: a.attemptedAt.toISOString(),
        status_code: a.statusCode,
        duration_ms: a.durationMs,
        error: a.error,
        response_excerpt: a.responseExcerpt,
      })),
    }),
  };
}
