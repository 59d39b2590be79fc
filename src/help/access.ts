import type { Context } from "hono";
import { signedInSession } from "../auth/session-middleware";
import type { Tx } from "../infra/db/client";
import { withPrincipal } from "../infra/db/principal";
import { ApiError } from "../infra/http/errors";
import { findConversation, type ConversationRow } from "./queries";

/**
 * Runs `fn` as the signed-in user (user principal): RLS shows their own conversations and
 * no internal note, whether they are a brand member, a creator, or neither yet.
 */
export function asHelpUser<T>(c: Context, fn: (tx: Tx, userId: string) => Promise<T>): Promise<T> {
  const { user } = signedInSession(c);
  return withPrincipal(c.var.db(), { kind: "user", userId: user.id }, (tx) => fn(tx, user.id));
}

/** The conversation as the transaction's principal sees it: the same 404 whether missing or someone else's. */
export async function visibleConversation(tx: Tx, id: string): Promise<ConversationRow> {
  const row = await findConversation(tx, id);
  if (!row) throw new ApiError("not_found", `No help conversation ${id}.`, { param: "conversationId" });
  return row;
}
