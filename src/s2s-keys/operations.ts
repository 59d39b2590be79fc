import { brandOperation } from "../infra/api/operation";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { createS2sKey, revokeS2sKey, rotateS2sKey } from "./changes";
import { listS2sKeys } from "./queries";
import { CreateS2sKey, RotateS2sKey, S2sKey, S2sKeyWithSecret, serializeS2sKey } from "./schemas";

/** S2S signing keys: the secrets brands sign `POST /v1/track/*` with, on /v1 and in the dashboard's Developers page. */

const tags = ["S2S keys"];
const keyParams = idParams({ keyId: "ssk" });
const keyTarget = (id: string) => ({ type: "s2s_key", id });

export const listS2sKeysOperation = brandOperation({
  id: "listS2sKeys",
  permission: "developers.view",
  method: "get",
  path: "/s2s-keys",
  tags,
  summary: "List S2S signing keys",
  description: "Newest first, revoked ones included. Secrets are never listed.",
  request: { query: PageQuery },
  response: { status: 200, schema: pageSchema(S2sKey), description: "A page of keys." },
  async handler(ctx, { query: { limit, cursor } }) {
    const rows = await ctx.run((tx) => listS2sKeys(tx, { limit, before: decodeCursor(cursor) }));
    return toPage(rows, limit, (r) => serializeS2sKey(r));
  },
});

export const createS2sKeyOperation = brandOperation({
  id: "createS2sKey",
  permission: "developers.manage",
  method: "post",
  path: "/s2s-keys",
  tags,
  summary: "Create an S2S signing key",
  description:
    "A Standard Webhooks secret (`whsec_…`) for signing `POST /v1/track/*` on the edge; send the key's id as `rekomi-key-id`. The secret is in this response only: Rekomi stores it encrypted and never shows it again.",
  request: { body: CreateS2sKey },
  response: { status: 201, schema: S2sKeyWithSecret, description: "The key, with its secret (once)." },
  handler: (ctx, { body }) =>
    ctx.runShowingSecret(async (tx) => {
      const createdBy = ctx.actor.type === "user" && ctx.actor.id ? { createdByUserId: ctx.actor.id } : {};
      const { row, secret } = await createS2sKey(tx, ctx.config.SECRETS_ENCRYPTION_KEY, ctx.brandId, { name: body.name, ...createdBy });
      await ctx.audit(tx, { action: "s2s_key.created", target: keyTarget(row.id), metadata: { name: body.name } });
      return { body: serializeS2sKey(row), secret };
    }),
});

export const rotateS2sKeyOperation = brandOperation({
  id: "rotateS2sKey",
  permission: "developers.manage",
  method: "post",
  path: "/s2s-keys/{keyId}/rotate",
  tags,
  summary: "Rotate an S2S key's secret",
  description:
    "Issues a new secret (shown once) under the same key id. The current secret keeps verifying for `grace_period_seconds` so senders can switch without dropping events; a secret still in an earlier grace period stops at once. The edge enforces the change within 30 seconds.",
  request: { params: keyParams, body: RotateS2sKey },
  response: { status: 200, schema: S2sKeyWithSecret, description: "The key, with its new secret (once)." },
  errors: { 409: "The key is revoked." },
  handler: (ctx, { params: { keyId }, body: { grace_period_seconds } }) =>
    ctx.runShowingSecret(async (tx) => {
      const { row, secret, now } = await rotateS2sKey(tx, ctx.config.SECRETS_ENCRYPTION_KEY, ctx.brandId, keyId, grace_period_seconds);
      await ctx.audit(tx, { action: "s2s_key.rotated", target: keyTarget(keyId), metadata: { grace_period_seconds } });
      return { body: serializeS2sKey(row, now), secret };
    }),
});

export const revokeS2sKeyOperation = brandOperation({
  id: "revokeS2sKey",
  permission: "developers.manage",
  method: "delete",
  path: "/s2s-keys/{keyId}",
  tags,
  summary: "Revoke an S2S key",
  description: "Events signed with any of its secrets are refused, by every edge location within 30 seconds. Revoking twice is harmless.",
  request: { params: keyParams },
  response: { status: 200, schema: S2sKey, description: "The revoked key." },
  handler: (ctx, { params: { keyId } }) =>
    ctx.run(async (tx) => {
      const { row, changed } = await revokeS2sKey(tx, keyId);
      if (changed) await ctx.audit(tx, { action: "s2s_key.revoked", target: keyTarget(keyId) });
      return serializeS2sKey(row);
    }),
});

export const s2sKeyOperations = [listS2sKeysOperation, createS2sKeyOperation, rotateS2sKeyOperation, revokeS2sKeyOperation];
