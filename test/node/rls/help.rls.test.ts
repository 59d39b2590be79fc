import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { withPrincipal, type Principal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import { pgCode, pools } from "./support";

/**
 * help_conversations, help_messages, help_attachments under forced RLS, probed as the app
 * role: a user sees and writes only their own conversations and never an internal note;
 * staff (platform-admin principal) see everything and write staff messages in their own
 * name; only staff assign or mark an answer; no principal sees nothing; nobody rewrites
 * or deletes a message; a visitor's conversation enters only through its definer function.
 */

const { appDb: db, close } = pools();
afterAll(close);

const INSUFFICIENT_PRIVILEGE = "42501";
const as = <T>(principal: Principal, fn: Parameters<typeof withPrincipal<T>>[2]) => withPrincipal(db, principal, fn);

async function newUser() {
  const id = newId("user");
  await as({ kind: "user", userId: id }, (tx) => tx.insert(schema.users).values({ id, email: `${id}@help.test` }));
  return id;
}

async function conversationOf(userId: string) {
  const id = newId("helpConversation");
  const messageId = newId("helpMessage");
  await as({ kind: "user", userId }, async (tx) => {
    await tx.insert(schema.helpConversations).values({ id, userId, topic: "question", subject: "Help" });
    await tx.insert(schema.helpMessages).values({ id: messageId, conversationId: id, authorKind: "user", authorUserId: userId, body: "hello" });
  });
  return { id, messageId };
}

const alice = await newUser();
const bob = await newUser();
const staffId = await newUser();
const staff: Principal = { kind: "platform_admin", userId: staffId };
const conv = await conversationOf(alice);
const note = newId("helpMessage");
await as(staff, (tx) => tx.insert(schema.helpMessages).values({ id: note, conversationId: conv.id, authorKind: "staff", authorUserId: staffId, body: "internal", internal: true }));

describe("help tables under RLS", () => {
  it("are FORCE ROW LEVEL SECURITY", async () => {
    const rows = await as(staff, (tx) =>
      tx.execute(sql`select relname, relforcerowsecurity from pg_class where relname in ('help_conversations', 'help_messages', 'help_attachments') order by relname`),
    );
    expect((rows as unknown as { rows: { relforcerowsecurity: boolean }[] }).rows.map((r) => r.relforcerowsecurity)).toEqual([true, true, true]);
  });

  it("a user sees only their own conversation, and none of staff's internal notes", async () => {
    expect(await as({ kind: "user", userId: alice }, (tx) => tx.select().from(schema.helpConversations).where(eq(schema.helpConversations.id, conv.id)))).toHaveLength(1);
    expect(await as({ kind: "user", userId: bob }, (tx) => tx.select().from(schema.helpConversations).where(eq(schema.helpConversations.id, conv.id)))).toHaveLength(0);
    expect(await as({ kind: "user", userId: bob }, (tx) => tx.select().from(schema.helpMessages).where(eq(schema.helpMessages.conversationId, conv.id)))).toHaveLength(0);
    const own = await as({ kind: "user", userId: alice }, (tx) => tx.select().from(schema.helpMessages).where(eq(schema.helpMessages.conversationId, conv.id)));
    expect(own.map((m) => m.id)).toEqual([conv.messageId]);
    const all = await as(staff, (tx) => tx.select().from(schema.helpMessages).where(eq(schema.helpMessages.conversationId, conv.id)));
    expect(all.map((m) => m.id).sort()).toEqual([conv.messageId, note].sort());
  });

  it("no principal sees nothing", async () => {
    const rows = await db.transaction((tx) => tx.select().from(schema.helpConversations).where(eq(schema.helpConversations.id, conv.id)));
    expect(rows).toHaveLength(0);
  });

  it("a user cannot write into another's conversation, open one in another's name, or write as staff", async () => {
    const intrude = as({ kind: "user", userId: bob }, (tx) =>
      tx.insert(schema.helpMessages).values({ id: newId("helpMessage"), conversationId: conv.id, authorKind: "user", authorUserId: bob, body: "x" }),
    );
    expect(await pgCode(intrude)).toBe(INSUFFICIENT_PRIVILEGE);
    const forged = as({ kind: "user", userId: bob }, (tx) => tx.insert(schema.helpConversations).values({ id: newId("helpConversation"), userId: alice, topic: "question", subject: "x" }));
    expect(await pgCode(forged)).toBe(INSUFFICIENT_PRIVILEGE);
    const fakeStaff = as({ kind: "user", userId: alice }, (tx) =>
      tx.insert(schema.helpMessages).values({ id: newId("helpMessage"), conversationId: conv.id, authorKind: "staff", authorUserId: alice, body: "x" }),
    );
    expect(await pgCode(fakeStaff)).toBe(INSUFFICIENT_PRIVILEGE);
    // Staff write in their own name only.
    const inAnotherName = as(staff, (tx) => tx.insert(schema.helpMessages).values({ id: newId("helpMessage"), conversationId: conv.id, authorKind: "staff", authorUserId: bob, body: "x" }));
    expect(await pgCode(inAnotherName)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("only staff assign or mark an answer; a user moves their own status and read mark", async () => {
    const assign = as({ kind: "user", userId: alice }, (tx) => tx.update(schema.helpConversations).set({ assignedToUserId: alice }).where(eq(schema.helpConversations.id, conv.id)));
    expect(await pgCode(assign)).toBe(INSUFFICIENT_PRIVILEGE);
    const answered = as({ kind: "user", userId: alice }, (tx) => tx.update(schema.helpConversations).set({ lastStaffReplyAt: new Date() }).where(eq(schema.helpConversations.id, conv.id)));
    expect(await pgCode(answered)).toBe(INSUFFICIENT_PRIVILEGE);
    // The staff-notice mark is the cron's (help_claim_staff_notice()): no principal moves it.
    for (const who of [{ kind: "user", userId: alice }, staff] as Principal[]) {
      const silenced = as(who, (tx) => tx.update(schema.helpConversations).set({ staffNotifiedAt: new Date() }).where(eq(schema.helpConversations.id, conv.id)));
      expect(await pgCode(silenced)).toBe(INSUFFICIENT_PRIVILEGE);
    }
    const retopic = as({ kind: "user", userId: alice }, (tx) => tx.update(schema.helpConversations).set({ topic: "security" }).where(eq(schema.helpConversations.id, conv.id)));
    expect(await pgCode(retopic)).toBe(INSUFFICIENT_PRIVILEGE);
    const moved = await as({ kind: "user", userId: alice }, (tx) =>
      tx.update(schema.helpConversations).set({ status: "closed", userReadAt: new Date() }).where(eq(schema.helpConversations.id, conv.id)).returning(),
    );
    expect(moved).toHaveLength(1);
    const byBob = await as({ kind: "user", userId: bob }, (tx) => tx.update(schema.helpConversations).set({ status: "open" }).where(eq(schema.helpConversations.id, conv.id)).returning());
    expect(byBob).toHaveLength(0);
    const assigned = await as(staff, (tx) => tx.update(schema.helpConversations).set({ assignedToUserId: staffId, status: "waiting" }).where(eq(schema.helpConversations.id, conv.id)).returning());
    expect(assigned[0]).toMatchObject({ assignedToUserId: staffId, status: "waiting" });
  });

  it("nobody rewrites or deletes a message", async () => {
    for (const principal of [{ kind: "user", userId: alice }, staff] as Principal[]) {
      expect(await pgCode(as(principal, (tx) => tx.update(schema.helpMessages).set({ body: "changed" }).where(eq(schema.helpMessages.id, conv.messageId))))).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await pgCode(as(principal, (tx) => tx.delete(schema.helpMessages).where(eq(schema.helpMessages.id, conv.messageId))))).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });

  it("attachments: the owner and staff see them; another user neither sees nor adds one", async () => {
    const attachment = newId("helpAttachment");
    await as({ kind: "user", userId: alice }, (tx) =>
      tx.insert(schema.helpAttachments).values({ id: attachment, conversationId: conv.id, messageId: conv.messageId, contentType: "image/png", sizeBytes: 10 }),
    );
    const seen = (p: Principal) => as(p, (tx) => tx.select().from(schema.helpAttachments).where(eq(schema.helpAttachments.id, attachment)));
    expect(await seen({ kind: "user", userId: alice })).toHaveLength(1);
    expect(await seen(staff)).toHaveLength(1);
    expect(await seen({ kind: "user", userId: bob })).toHaveLength(0);
    const foreign = as({ kind: "user", userId: bob }, (tx) =>
      tx.insert(schema.helpAttachments).values({ id: newId("helpAttachment"), conversationId: conv.id, messageId: conv.messageId, contentType: "image/png", sizeBytes: 10 }),
    );
    expect(await pgCode(foreign)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("a visitor's conversation enters only through open_visitor_help_conversation, and no user sees it", async () => {
    const id = newId("helpConversation");
    const direct = db.transaction((tx) => tx.insert(schema.helpConversations).values({ id, visitorEmail: "v@help.test", topic: "question", subject: "x" }));
    expect(await pgCode(direct)).toBe(INSUFFICIENT_PRIVILEGE);
    await db.execute(sql`select open_visitor_help_conversation(${id}, ${newId("helpMessage")}, 'v@help.test', 'question', 'Hi', 'Hello there')`);
    expect(await as({ kind: "user", userId: alice }, (tx) => tx.select().from(schema.helpConversations).where(eq(schema.helpConversations.id, id)))).toHaveLength(0);
    const seen = await as(staff, (tx) => tx.select().from(schema.helpMessages).where(eq(schema.helpMessages.conversationId, id)));
    expect(seen).toMatchObject([{ authorKind: "visitor", body: "Hello there" }]);
  });

  it("staff mail a reply only to the conversation's own address", async () => {
    const mail = (to: string) =>
      as(staff, (tx) =>
        tx.insert(schema.emailOutbox).values({ id: newId("email"), userId: alice, helpConversationId: conv.id, toAddress: to, subject: "s", textBody: "t", htmlBody: "h", transport: "mailbox", status: "sent" }),
      );
    expect(await pgCode(mail("attacker@evil.test"))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await pgCode(mail(`${alice}@help.test`))).toBeUndefined();
    const asUser = as({ kind: "user", userId: bob }, (tx) =>
      tx.insert(schema.emailOutbox).values({ id: newId("email"), helpConversationId: conv.id, toAddress: "x@y.test", subject: "s", transport: "mailbox", status: "sent" }),
    );
    expect(await pgCode(asUser)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("the staff notice mails staff only, each at their own address", async () => {
    const queued = (ids: string[]) =>
      db.execute(sql`select help_mail_staff(array[${sql.join(ids.map(() => sql`${newId("email")}`), sql`, `)}]::text[], array[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::text[], 's', 't', 'h', 'mailbox') as n`);
    // A user who is not staff (the staff principal above is not the users.is_platform_admin flag) gets nothing from it.
    expect(((await queued([alice, staffId])) as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
    expect(((await db.execute(sql`select help_staff_ids() as id`)) as unknown as { rows: { id: string }[] }).rows.map((r) => r.id)).not.toContain(alice);
  });
});
