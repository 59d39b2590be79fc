import { describe, expect, it, vi } from "vitest";
import { MAX_SCREENSHOT_BYTES } from "../../../src/help/files";
import { Browser, dashboardBrand, errorOf, mailTo, makePlatformAdmin, signedUpCreator, signedUpUser, uniqueEmail, usingDb } from "../support/fixtures";
import * as schema from "../../../src/infra/db/schema";
import { eq, inArray, sql } from "drizzle-orm";
import { errorResponse } from "../../../src/infra/http/app";
import { withPrincipal } from "../../../src/infra/db/principal";

/**
 * The help messenger through the dashboard API: a user sees only their own conversations
 * and never staff's internal notes; staff see all, answer (mail through the outbox) and
 * keep notes; screenshots are checked images in a private bucket behind signed links;
 * writes are rate limited; signed-out visitors get staff's answers by mail only.
 */

type Thread = {
  id: string;
  topic: string;
  status: string;
  unread: boolean;
  campaign: { id: string; name: string | null } | null;
  messages: { id: string; author: string; internal: boolean; body: string | null; attachments: { id: string; content_type: string }[] }[];
};
type AdminThread = Thread & {
  flagged: boolean;
  from: { user_id: string | null; email: string };
  assigned_to: { user_id: string } | null;
  brand: { id: string; name: string } | null;
  user_brands: { id: string; role: string }[];
  creator: { id: string } | null;
};

async function staffMember() {
  const staff = await signedUpUser();
  await makePlatformAdmin(staff.email);
  return staff;
}

async function open(browser: Browser, body = "How do I create a tracking link?", topic = "question"): Promise<Thread> {
  const res = await browser.post("/api/help/conversations", { topic, body });
  expect(res.status).toBe(201);
  return res.json<Thread>();
}

/** A tiny real PNG (1×1). */
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), (ch) => ch.charCodeAt(0));

describe("help conversations", () => {
  it("a user sees only their own; staff see all, and their internal notes never reach the user", async () => {
    const alice = await signedUpUser();
    const bob = await signedUpUser();
    const staff = await staffMember();
    const mine = await open(alice.browser);
    expect(mine).toMatchObject({ topic: "question", status: "open", unread: false, messages: [{ author: "user", body: "How do I create a tracking link?" }] });

    expect((await bob.browser.get(`/api/help/conversations/${mine.id}`)).status).toBe(404);
    expect((await bob.browser.post(`/api/help/conversations/${mine.id}/messages`, { body: "me too" })).status).toBe(404);
    expect((await (await bob.browser.get("/api/help/conversations")).json<{ data: Thread[] }>()).data).toEqual([]);
    expect((await alice.browser.get("/api/admin/help/conversations")).status).toBe(403);

    const inbox = await (await staff.browser.get("/api/admin/help/conversations?status=open&limit=100")).json<{ data: AdminThread[] }>();
    expect(inbox.data.find((c) => c.id === mine.id)).toMatchObject({ from: { user_id: alice.userId, email: alice.email }, flagged: false });

    const note = await staff.browser.post(`/api/admin/help/conversations/${mine.id}/messages`, { body: "Probably a brand owner; check their plan", internal: true });
    expect(note.status).toBe(201);
    expect((await alice.browser.get("/api/help/unread").then((r) => r.json<{ unread: number }>())).unread).toBe(0);

    const reply = await staff.browser.post(`/api/admin/help/conversations/${mine.id}/messages`, { body: "Open Links in your campaign." });
    expect(reply.status).toBe(201);
    const staffView = await reply.json<AdminThread>();
    expect(staffView.status).toBe("waiting");
    expect(staffView.messages.map((m) => [m.author, m.internal])).toEqual([
      ["user", false],
      ["staff", true],
      ["staff", false],
    ]);

    expect((await alice.browser.get("/api/help/unread").then((r) => r.json<{ unread: number }>())).unread).toBe(1);
    const list = await (await alice.browser.get("/api/help/conversations")).json<{ data: Thread[] }>();
    expect(list.data).toMatchObject([{ id: mine.id, unread: true, status: "waiting" }]);
    const thread = await (await alice.browser.get(`/api/help/conversations/${mine.id}`)).json<Thread>();
    expect(thread.messages.map((m) => m.body)).toEqual(["How do I create a tracking link?", "Open Links in your campaign."]);
    expect(JSON.stringify(thread)).not.toContain("check their plan");
    expect((await alice.browser.get("/api/help/unread").then((r) => r.json<{ unread: number }>())).unread).toBe(0);

    // Writing back puts it in staff's open queue again.
    const back = await alice.browser.post(`/api/help/conversations/${mine.id}/messages`, { body: "Thanks, found it" });
    expect((await back.json<Thread>()).status).toBe("open");
  });

  it("the reply is mailed through the outbox to the account's address, without the answer's text", async () => {
    const user = await signedUpUser();
    const staff = await staffMember();
    const conv = await open(user.browser, "Where are my invoices?", "billing");
    await staff.browser.post(`/api/admin/help/conversations/${conv.id}/messages`, { body: "Secret-ish answer text" });
    const mails = (await mailTo(user.email)).filter((m) => m.subject.startsWith("Rekomi support answered"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).not.toContain("Secret-ish answer text");
    const rows = await usingDb((db) => withPrincipal(db, { kind: "user", userId: user.userId }, (tx) => tx.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, mails[0]!.id))));
    expect(rows[0]).toMatchObject({ userId: user.userId, helpConversationId: conv.id });
  });

  it("staff assign, close, see the user's brands and creator profile; every action is audit-logged without the text", async () => {
    const creator = await signedUpCreator();
    const staff = await staffMember();
    const conv = await open(creator.browser, "Something broke", "bug");
    const assigned = await staff.browser.patch(`/api/admin/help/conversations/${conv.id}`, { assigned_to_user_id: staff.userId });
    expect(assigned.status).toBe(200);
    const view = await assigned.json<AdminThread>();
    expect(view.assigned_to).toMatchObject({ user_id: staff.userId });
    expect(view.creator).toMatchObject({ id: creator.affiliateId });
    expect(view.user_brands).toEqual([]);

    const notStaff = await staff.browser.patch(`/api/admin/help/conversations/${conv.id}`, { assigned_to_user_id: creator.userId });
    expect(notStaff.status).toBe(400);
    expect((await errorOf(notStaff)).param).toBe("assigned_to_user_id");

    await staff.browser.post(`/api/admin/help/conversations/${conv.id}/messages`, { body: "A private remark", internal: true });
    expect((await staff.browser.patch(`/api/admin/help/conversations/${conv.id}`, { status: "closed" })).status).toBe(200);
    const closed = await (await staff.browser.get("/api/admin/help/conversations?status=closed&limit=100")).json<{ data: AdminThread[] }>();
    expect(closed.data.map((c) => c.id)).toContain(conv.id);

    const audit = await usingDb((db) =>
      withPrincipal(db, { kind: "platform_admin", userId: staff.userId }, (tx) => tx.select().from(schema.auditEvents).where(eq(schema.auditEvents.targetId, conv.id))),
    );
    expect(audit.map((a) => a.action).sort()).toEqual(["help.conversation_updated", "help.conversation_updated", "help.note_added"]);
    expect(audit.every((a) => a.actorType === "platform_admin" && a.actorId === staff.userId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain("A private remark");
  });

  it("security reports are flagged and sorted first in the inbox", async () => {
    const user = await signedUpUser();
    const staff = await staffMember();
    await open(user.browser, "A normal question");
    const security = await open(user.browser, "I found an XSS in the join page", "security");
    const inbox = await (await staff.browser.get("/api/admin/help/conversations?status=open&limit=100")).json<{ data: AdminThread[] }>();
    const firstNormal = inbox.data.findIndex((c) => !c.flagged);
    const lastFlagged = inbox.data.map((c) => c.flagged).lastIndexOf(true);
    expect(inbox.data.find((c) => c.id === security.id)).toMatchObject({ flagged: true, topic: "security" });
    expect(lastFlagged).toBeLessThan(firstNormal);
  });

  it("pages the inbox with a cursor: flagged first, longest waiting next, ties by id, no row twice", async () => {
    const user = await signedUpUser();
    const staff = await staffMember();
    const mine: Thread[] = [];
    for (let i = 0; i < 3; i++) mine.push(await open(user.browser, `Question ${i}`));
    for (let i = 0; i < 2; i++) mine.push(await open(user.browser, `Security ${i}`, "security"));
    // The same microsecond for all five: the cursor must keep Postgres' precision and break ties by id.
    await usingDb((db) =>
      withPrincipal(db, { kind: "user", userId: user.userId }, (tx) =>
        tx.update(schema.helpConversations).set({ lastMessageAt: sql`'2026-01-01 00:00:00.123456+00'` }).where(inArray(schema.helpConversations.id, mine.map((c) => c.id))),
      ),
    );
    const seen: AdminThread[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await staff.browser.get(`/api/admin/help/conversations?status=open&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      const page = await res.json<{ data: (AdminThread & { last_message_at: string })[]; has_more: boolean; next_cursor: string | null }>();
      expect(page.data.length).toBeLessThanOrEqual(2);
      expect(page.has_more).toBe(page.next_cursor !== null);
      seen.push(...page.data);
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 500);
    expect(cursor).toBeNull();
    const ids = seen.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Same order as one big page.
    const all = await (await staff.browser.get("/api/admin/help/conversations?status=open&limit=100")).json<{ data: AdminThread[]; has_more: boolean }>();
    if (!all.has_more) expect(all.data.map((c) => c.id)).toEqual(ids);
    const flags = seen.map((c) => c.flagged);
    expect(flags.indexOf(false) === -1 || flags.lastIndexOf(true) < flags.indexOf(false)).toBe(true);
    const order = (flagged: boolean) => ids.filter((id) => mine.some((m) => m.id === id && seen.find((c) => c.id === id)!.flagged === flagged));
    expect(order(true)).toEqual(mine.slice(3).map((c) => c.id).sort());
    expect(order(false)).toEqual(mine.slice(0, 3).map((c) => c.id).sort());
    // Year 2026-01-01 is older than anything else the tests write: the five lead their groups.
    expect(ids.indexOf(mine[3]!.id) === 0 || ids.indexOf(mine[4]!.id) === 0).toBe(true);

    const bad = await staff.browser.get("/api/admin/help/conversations?status=open&cursor=bm90LWEtY3Vyc29y");
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).param).toBe("cursor");
    const impossibleDate = btoa("0|2026-02-30T00:00:00.000000Z|hlp_" + "0".repeat(26));
    expect((await staff.browser.get(`/api/admin/help/conversations?cursor=${encodeURIComponent(impossibleDate)}`)).status).toBe(400);
  });

  it("logs a failed insert without its bound values (no message body or address in logs)", async () => {
    const user = await signedUpUser();
    const body = `secret body ${crypto.randomUUID()}`;
    // Not the user's conversation: RLS refuses the insert, and drizzle's error message carries the parameters.
    const err: unknown = await usingDb((db) =>
      withPrincipal(db, { kind: "user", userId: user.userId }, (tx) =>
        tx.insert(schema.helpMessages).values({ id: `hlm_${"0".repeat(26)}`, conversationId: `hlp_${"0".repeat(26)}`, authorKind: "user", authorUserId: user.userId, body }),
      ),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(`${String(err)} ${(err as Error).stack}`).toContain(body);
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    try {
      expect(errorResponse(err, "req_test").status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(body);
    expect(lines[0]).not.toContain(user.userId);
    const logged = JSON.parse(lines[0]!) as { request_id: string; error: { name: string; code: string; query: string; message: string } };
    expect(logged).toMatchObject({ request_id: "req_test", error: { name: "DrizzleQueryError" } });
    expect(["42501", "23503"]).toContain(logged.error.code);
    expect(logged.error.query).toMatch(/^insert into "help_messages"/);
    expect(logged.error.query).toContain("$1");
  });

  it("refuses bad input with the error envelope", async () => {
    const user = await signedUpUser();
    const empty = await user.browser.post("/api/help/conversations", { topic: "question", body: "   " });
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).param).toBe("body");
    const topic = await user.browser.post("/api/help/conversations", { topic: "campaign_report", body: "x" });
    expect(topic.status).toBe(400);
    expect((await errorOf(topic)).param).toBe("topic");
    expect((await new Browser().post("/api/help/conversations", { topic: "question", body: "hi" })).status).toBe(401);
  });

  it("refuses line breaks and control characters in a subject (it becomes a mail header)", async () => {
    const user = await signedUpUser();
    for (const subject of ["Invoice\r\nBcc: victim@example.com", "Tab\there", "Escape \u001b[31m", "Line\u2028separator"]) {
      const res = await user.browser.post("/api/help/conversations", { topic: "question", subject, body: "hi" });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: "invalid_request", param: "subject" });
      const visitor = await new Browser().post("/api/help/visitor-conversations", { email: uniqueEmail("ctl"), topic: "question", subject, body: "hi" });
      expect(visitor.status).toBe(400);
      expect((await errorOf(visitor)).param).toBe("subject");
    }
    // A subject taken from the message: its first line, other control characters as spaces.
    const fromBody = await (await user.browser.post("/api/help/conversations", { topic: "question", body: "Payout\tmissing\u001b!\r\nSecond line" })).json<Thread & { subject: string }>();
    expect(fromBody.subject).toBe("Payout missing !");
    expect((await (await user.browser.post("/api/help/conversations", { topic: "question", subject: "  Fine subject  ", body: "hi" })).json<{ subject: string }>()).subject).toBe("Fine subject");
  });

  it("limits writes per account (429 with Retry-After)", async () => {
    const user = await signedUpUser();
    const conv = await open(user.browser);
    let last: Response | undefined;
    for (let i = 0; i < 20; i++) last = await user.browser.post(`/api/help/conversations/${conv.id}/messages`, { body: `message ${i}` });
    expect(last!.status).toBe(429);
    expect(last!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await errorOf(last!)).code).toBe("rate_limited");
  });
});

describe("screenshots", () => {
  it("are stored privately and open only through a short-lived signed link, for the owner and staff", async () => {
    const user = await signedUpUser();
    const other = await signedUpUser();
    const staff = await staffMember();
    const conv = await open(user.browser);
    const res = await user.browser.upload(`/api/help/screenshots?conversation_id=${conv.id}`, PNG, "image/png");
    expect(res.status).toBe(201);
    const thread = await res.json<Thread>();
    const attachment = thread.messages.at(-1)!.attachments[0]!;
    expect(attachment.content_type).toBe("image/png");

    expect((await other.browser.post(`/api/help/attachments/${attachment.id}/url`)).status).toBe(404);
    expect((await other.browser.upload(`/api/help/screenshots?conversation_id=${conv.id}`, PNG, "image/png")).status).toBe(404);
    const own = await (await user.browser.post(`/api/help/attachments/${attachment.id}/url`)).json<{ url: string }>();
    const file = await new Browser().get(new URL(own.url).pathname + new URL(own.url).search);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    const tampered = new URL(own.url);
    tampered.searchParams.set("sig", "0".repeat(64));
    expect((await new Browser().get(tampered.pathname + tampered.search)).status).toBe(403);

    const admin = await staff.browser.post(`/api/admin/help/attachments/${attachment.id}/url`);
    expect(admin.status).toBe(200);
  });

  it("refuse other types, renamed files and oversized images with the error envelope", async () => {
    const user = await signedUpUser();
    const conv = await open(user.browser);
    const path = `/api/help/screenshots?conversation_id=${conv.id}`;
    const pdf = await user.browser.upload(path, new TextEncoder().encode("%PDF-1.7 not an image"), "application/pdf");
    expect(pdf.status).toBe(415);
    expect(await errorOf(pdf)).toMatchObject({ code: "unsupported_media_type", param: "file" });
    const renamed = await user.browser.upload(path, new TextEncoder().encode("<svg onload=alert(1)></svg> padding padding"), "image/png");
    expect(renamed.status).toBe(400);
    expect(await errorOf(renamed)).toMatchObject({ code: "invalid_request", param: "file" });
    const big = new Uint8Array(MAX_SCREENSHOT_BYTES + 1);
    big.set(PNG);
    const tooBig = await user.browser.upload(path, big, "image/png");
    expect(tooBig.status).toBe(413);
    expect(await errorOf(tooBig)).toMatchObject({ code: "payload_too_large", param: "file" });
  });
});

describe("signed-out visitors", () => {
  it("write with an email, read nothing back, and get staff's answer by mail", async () => {
    const visitor = new Browser();
    const email = uniqueEmail("visitor");
    const res = await visitor.post("/api/help/visitor-conversations", { email, topic: "question", body: "Can I join without an invitation?" });
    expect(res.status).toBe(201);
    const { id } = await res.json<{ id: string }>();
    expect((await visitor.get(`/api/help/conversations/${id}`)).status).toBe(401);

    const staff = await staffMember();
    const view = await (await staff.browser.get(`/api/admin/help/conversations/${id}`)).json<AdminThread>();
    expect(view).toMatchObject({ from: { user_id: null, email }, messages: [{ author: "visitor", body: "Can I join without an invitation?" }] });
    await staff.browser.post(`/api/admin/help/conversations/${id}/messages`, { body: "Yes: ask the brand for its join link." });
    await staff.browser.post(`/api/admin/help/conversations/${id}/messages`, { body: "internal: visitor seems legit", internal: true });
    const mails = await mailTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("Yes: ask the brand for its join link.");
    expect(mails[0]!.text).not.toContain("visitor seems legit");
  });

  it("are rate limited per address and refused with the envelope on bad input", async () => {
    const email = uniqueEmail("visitor");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await new Browser().post("/api/help/visitor-conversations", { email, topic: "question", body: `hello ${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const bad = await new Browser().post("/api/help/visitor-conversations", { email: "not-an-email", topic: "question", body: "hi" });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).param).toBe("email");
  });
});

describe("campaign reports", () => {
  it("a creator reports a listed campaign; staff see the campaign and its brand beside it", async () => {
    const { brandId, campaignId } = await dashboardBrand();
    const creator = await signedUpCreator();
    const staff = await staffMember();
    const res = await creator.browser.post("/api/help/campaign-reports", { campaign_id: campaignId, reason: "unpaid_commissions", body: "Sales since October were never paid." });
    expect(res.status).toBe(201);
    const thread = await res.json<Thread>();
    expect(thread).toMatchObject({ topic: "campaign_report", campaign: { id: campaignId, name: "Pro partner program" } });
    const view = await (await staff.browser.get(`/api/admin/help/conversations/${thread.id}`)).json<AdminThread>();
    expect(view).toMatchObject({ topic: "campaign_report", campaign: { id: campaignId }, brand: { id: brandId, name: "Recruiting brand" } });

    const unseen = await dashboardBrand({ visibility: "private" });
    const hidden = await creator.browser.post("/api/help/campaign-reports", { campaign_id: unseen.campaignId, reason: "misleading_terms", body: "x" });
    expect(hidden.status).toBe(404);
    expect((await errorOf(hidden)).param).toBe("campaign_id");
    const noProfile = await signedUpUser();
    expect((await noProfile.browser.post("/api/help/campaign-reports", { campaign_id: campaignId, reason: "other", body: "x" })).status).toBe(404);
  });
});

describe("security.txt", () => {
  it("points to the messenger's security topic on the app's origin", async () => {
    const body = await (await new Browser().get("/.well-known/security.txt")).text();
    expect(body).toContain("Contact: mailto:security@rekomi.com");
    expect(body).toContain("Contact: http://worker.test/help?topic=security");
  });
});
