import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../infra/db/client";
import { affiliates, brandMembers, brands, campaigns, helpAttachments, helpConversations, helpMessages, users, type HelpStatus, type HelpTopic } from "../infra/db/schema";
import { newId } from "../infra/ids";
import type { InboxCursor } from "./inbox-cursor";

/**
 * Help conversations. Every function takes the caller's transaction: under a user's
 * principal RLS shows only their own conversations and no internal note; under the
 * platform-admin principal, everything.
 */

export type ConversationRow = typeof helpConversations.$inferSelect;

export async function openConversation(
  tx: Tx,
  input: { userId: string; topic: HelpTopic; subject: string; body: string; campaign?: { id: string; brandId: string; name: string } },
): Promise<ConversationRow> {
  const id = newId("helpConversation");
  const [row] = await tx
    .insert(helpConversations)
    .values({
      id,
      userId: input.userId,
      topic: input.topic,
      subject: input.subject,
      campaignId: input.campaign?.id ?? null,
      brandId: input.campaign?.brandId ?? null,
      campaignName: input.campaign?.name ?? null,
    })
    .returning();
  await tx.insert(helpMessages).values({ id: newId("helpMessage"), conversationId: id, authorKind: "user", authorUserId: input.userId, body: input.body });
  return row!;
}

/** A signed-out visitor's conversation, through the one privileged door (migration 0039). */
export async function openVisitorConversation(db: Db, input: { email: string; topic: HelpTopic; subject: string; body: string }): Promise<string> {
  const id = newId("helpConversation");
  await db.execute(sql`select open_visitor_help_conversation(${id}, ${newId("helpMessage")}, ${input.email}, ${input.topic}, ${input.subject}, ${input.body})`);
  return id;
}

export async function findConversation(tx: Tx, id: string): Promise<ConversationRow | undefined> {
  const [row] = await tx.select().from(helpConversations).where(eq(helpConversations.id, id));
  return row;
}

/** The user's conversations, latest activity first. */
export function listOwnConversations(tx: Tx, userId: string, limit: number) {
  return tx.select().from(helpConversations).where(eq(helpConversations.userId, userId)).orderBy(desc(helpConversations.lastMessageAt)).limit(limit);
}

/** How many of the user's conversations staff answered since the user last opened them. */
export async function countUnread(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(helpConversations)
    .where(
      and(
        eq(helpConversations.userId, userId),
        sql`${helpConversations.lastStaffReplyAt} is not null and (${helpConversations.userReadAt} is null or ${helpConversations.userReadAt} < ${helpConversations.lastStaffReplyAt})`,
      ),
    );
  return row?.n ?? 0;
}

/** Messages (RLS leaves out internal notes for users) and their attachments, oldest first. */
export async function threadOf(tx: Tx, conversationId: string) {
  const messages = await tx.select().from(helpMessages).where(eq(helpMessages.conversationId, conversationId)).orderBy(asc(helpMessages.id));
  const attachments = messages.length ? await tx.select().from(helpAttachments).where(eq(helpAttachments.conversationId, conversationId)) : [];
  return { messages, attachments };
}

export async function markRead(tx: Tx, conversationId: string): Promise<void> {
  await tx.update(helpConversations).set({ userReadAt: new Date() }).where(eq(helpConversations.id, conversationId));
}

/** A user's message: the conversation waits for staff again (a closed one reopens). */
export async function addUserMessage(tx: Tx, conversationId: string, userId: string, body: string | null): Promise<string> {
  const id = newId("helpMessage");
  const now = new Date();
  await tx.insert(helpMessages).values({ id, conversationId, authorKind: "user", authorUserId: userId, body });
  await tx.update(helpConversations).set({ status: "open", lastMessageAt: now, userReadAt: now, updatedAt: now }).where(eq(helpConversations.id, conversationId));
  return id;
}

export async function addAttachment(tx: Tx, a: { id: string; conversationId: string; messageId: string; contentType: string; sizeBytes: number }): Promise<void> {
  await tx.insert(helpAttachments).values(a);
}

export async function findAttachment(tx: Tx, id: string) {
  const [row] = await tx.select().from(helpAttachments).where(eq(helpAttachments.id, id));
  return row;
}

/** A staff reply waits for the user; an internal note changes nothing the user sees. */
export async function addStaffMessage(tx: Tx, conversationId: string, staffId: string, body: string, internal: boolean): Promise<string> {
  const id = newId("helpMessage");
  const now = new Date();
  await tx.insert(helpMessages).values({ id, conversationId, authorKind: "staff", authorUserId: staffId, body, internal });
  if (!internal) await tx.update(helpConversations).set({ status: "waiting", lastMessageAt: now, lastStaffReplyAt: now, updatedAt: now }).where(eq(helpConversations.id, conversationId));
  return id;
}

export async function updateConversation(tx: Tx, id: string, set: { status?: HelpStatus; assignedToUserId?: string | null }): Promise<ConversationRow> {
  const [row] = await tx
    .update(helpConversations)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(helpConversations.id, id))
    .returning();
  return row!;
}

const assignee = sql<string | null>`(select u.email from users u where u.id = ${helpConversations.assignedToUserId})`;

const flagged = sql<boolean>`(${helpConversations.topic} = 'security')`;
/** `last_message_at` at full precision, for the inbox cursor (see inbox-cursor.ts). */
const lastMessageAtText = sql<string>`to_char(${helpConversations.lastMessageAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The staff inbox, one page of `limit + 1` rows: security reports first, then the longest
 * waiting (oldest activity) first, or for closed ones the latest first; the id breaks ties.
 * `after` is the previous page's last row (keyset paging on flag, last_message_at, id).
 */
export function inbox(tx: Tx, status: HelpStatus, opts: { limit: number; after?: InboxCursor }) {
  const latestFirst = status === "closed";
  const direction = latestFirst ? desc : asc;
  return tx
    .select({ conversation: helpConversations, userEmail: users.email, userName: users.name, assigneeEmail: assignee, brandName: brands.name, lastMessageAtText })
    .from(helpConversations)
    .leftJoin(users, eq(users.id, helpConversations.userId))
    .leftJoin(brands, eq(brands.id, helpConversations.brandId))
    .where(and(eq(helpConversations.status, status), opts.after && afterRow(opts.after, latestFirst)))
    .orderBy(sql`${flagged} desc`, direction(helpConversations.lastMessageAt), direction(helpConversations.id))
    .limit(opts.limit + 1);
}

/** Rows sorted after the cursor's. The flag sorts descending (true first), time and id as the inbox does. */
function afterRow(after: InboxCursor, latestFirst: boolean) {
  const at = sql`${after.at}::timestamptz`;
  const [t, id] = [helpConversations.lastMessageAt, helpConversations.id];
  const later = latestFirst ? sql`(${t} < ${at} or (${t} = ${at} and ${id} < ${after.id}))` : sql`(${t} > ${at} or (${t} = ${at} and ${id} > ${after.id}))`;
  const flag = sql.raw(after.flagged ? "true" : "false");
  return sql`(${flagged} < ${flag} or (${flagged} = ${flag} and ${later}))`;
}

export async function inboxEntry(tx: Tx, id: string) {
  const [row] = await tx
    .select({ conversation: helpConversations, userEmail: users.email, userName: users.name, assigneeEmail: assignee, brandName: brands.name })
    .from(helpConversations)
    .leftJoin(users, eq(users.id, helpConversations.userId))
    .leftJoin(brands, eq(brands.id, helpConversations.brandId))
    .where(eq(helpConversations.id, id));
  return row;
}

/** What staff see beside a thread: the user's brands (with their role) and creator profile. */
export async function contextOf(tx: Tx, userId: string | null) {
  if (!userId) return { brands: [], creator: undefined };
  const memberships = await tx.select({ brand: brands, role: brandMembers.role }).from(brandMembers).innerJoin(brands, eq(brands.id, brandMembers.brandId)).where(eq(brandMembers.userId, userId));
  const [creator] = await tx.select().from(affiliates).where(eq(affiliates.userId, userId));
  return { brands: memberships, creator };
}

export async function isStaff(tx: Tx, userId: string): Promise<boolean> {
  const [row] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.isPlatformAdmin, true)));
  return row !== undefined;
}

export async function accountEmail(tx: Tx, userId: string): Promise<string | undefined> {
  const [row] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return row?.email;
}

/** A campaign the principal can see (creators: listed or enrolled, by campaigns RLS). */
export async function visibleCampaign(tx: Tx, id: string) {
  const [row] = await tx.select({ id: campaigns.id, brandId: campaigns.brandId, name: campaigns.name }).from(campaigns).where(eq(campaigns.id, id));
  return row;
}
