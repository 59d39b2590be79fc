import { z } from "@hono/zod-openapi";
import type { s2sKeys } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";

export const DEFAULT_GRACE_SECONDS = 24 * 3600;
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;

export const CreateS2sKey = z
  .object({ name: z.string().trim().min(1).max(100).default("S2S key").openapi({ description: "A label, e.g. the system that signs with it." }) })
  .strict()
  .openapi("CreateS2sKey");

export const RotateS2sKey = z
  .object({
    grace_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_SECONDS)
      .default(DEFAULT_GRACE_SECONDS)
      .openapi({ description: "How long the old secret keeps verifying (default one day, at most seven). 0 ends it at once." }),
  })
  .strict()
  .openapi("RotateS2sKey");

export const S2sKey = z
  .object({
    id: z.string().openapi({ example: "ssk_01jdx3h5c2v7n9q4r8t6w0y2z1", description: "Send it as `rekomi-key-id` with each signed event." }),
    object: z.literal("s2s_key"),
    name: z.string(),
    secret_hint: z.string().openapi({ example: "whsec_…Zx9Q" }),
    status: z.enum(["active", "revoked"]),
    previous_secret_expires_at: Timestamp.nullable().openapi({ description: "Until then the secret before the last rotation still verifies." }),
    created_at: Timestamp,
    rotated_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
  })
  .openapi("S2sKey");
export type S2sKey = z.infer<typeof S2sKey>;

export const S2sKeyWithSecret = S2sKey.extend({
  secret: z
    .string()
    .nullable()
    .openapi({
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      description: "Shown once. `null` when an `Idempotency-Key` replay answers (secrets are never stored with the replay): rotate to get a new one.",
    }),
}).openapi("S2sKeyWithSecret");

export function serializeS2sKey(r: typeof s2sKeys.$inferSelect, now = new Date()): S2sKey {
  const graceOpen = r.previousSecretExpiresAt && r.previousSecretExpiresAt > now;
  return {
    id: r.id,
    object: "s2s_key",
    name: r.name,
    secret_hint: r.secretHint,
    status: r.revokedAt ? "revoked" : "active",
    previous_secret_expires_at: graceOpen ? r.previousSecretExpiresAt!.toISOString() : null,
    created_at: r.createdAt.toISOString(),
    rotated_at: r.rotatedAt?.toISOString() ?? null,
    revoked_at: r.revokedAt?.toISOString() ?? null,
  };
}
