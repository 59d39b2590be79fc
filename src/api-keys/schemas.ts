import { z } from "@hono/zod-openapi";
import type { apiKeys } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";

export const CreateApiKey = z.object({ name: z.string().trim().min(1).max(80) }).openapi("CreateApiKey");

export const ApiKey = z
  .object({
    object: z.literal("api_key"),
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "The first characters, to tell keys apart. The key itself is shown once, at creation." }),
    created_at: Timestamp,
    last_used_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
  })
  .openapi("ApiKey");
export type ApiKey = z.infer<typeof ApiKey>;

export const CreatedApiKey = ApiKey.extend({ key: z.string().nullable().openapi({ description: "The key. Shown only in this response: store it now. `null` when the answer is an idempotent replay: the key exists nowhere in clear any more." }) }).openapi("CreatedApiKey");

export function serializeApiKey(k: typeof apiKeys.$inferSelect): ApiKey {
  return {
    object: "api_key",
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created_at: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    revoked_at: k.revokedAt?.toISOString() ?? null,
  };
}
