import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../../src/api-keys/keys";
import { consumeAuthToken, devMailbox } from "../../../src/infra/db/lookups";
import { setPrincipal, withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { deliverOutbox, enqueueEmail } from "../../../src/email/outbox";
import type { EmailSettings } from "../../../src/email/transports";
import { newToken } from "../../../src/auth/tokens";
import { newId } from "../../../src/infra/ids";
import { pgCode, pools } from "./support";

const { appDb: db, owner, close } = pools();
afterAll(close);

const INSUFFICIENT_PRIVILEGE = "42501";

async function newUser(email = `${newId("user")}@rls.test`) {
  const id = newId("user");
  await withPrincipal(db, { kind: "user", userId: id }, (tx) => tx.insert(schema.users).values({ id, email }));
  return { id, email };
}

async function newBrand() {
  const id = newId("brand");
  await withPrincipal(db, { kind: "brand", brandId: id }, (tx) => tx.insert(schema.brands).values({ id, name: "RLS brand" }));
  return id;
}

describe("privileged user columns", () => {
  it("the app cannot make anyone a platform admin, not even itself", async () => {
    const user = await newUser();
    const self = withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.update(schema.users).set({ isPlatformAdmin: true }).where(eq(schema.users.id, user.id)));
    expect(await pgCode(self)).toBe(INSUFFICIENT_PRIVILEGE);
    const staff = withPrincipal(db, { kind: "platform_admin", userId: user.id }, (tx) => tx.update(schema.users).set({ isPlatformAdmin: true }).where(eq(schema.users.id, user.id)));
    expect(await pgCode(staff)).toBe(INSUFFICIENT_PRIVILEGE);
    const born = withPrincipal(db, { kind: "user", userId: "usr_00000000000000000000000000" }, (tx) =>
      tx.insert(schema.users).values({ id: "usr_00000000000000000000000000", email: "born@rls.test", isPlatformAdmin: true }),
    );
    expect(await pgCode(born)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("operators make platform admins with set_platform_admin(); the app role cannot call it", async () => {
    const user = await newUser();
    expect(await pgCode(db.execute(sql`select set_platform_admin(${user.email}, true)`))).toBe(INSUFFICIENT_PRIVILEGE);
    const { rows } = await owner.query("select set_platform_admin($1, true) as id", [user.email.toUpperCase()]);
    expect(rows[0].id).toBe(user.id);
    const [row] = await withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.select().from(schema.users).where(eq(schema.users.id, user.id)));
    expect(row!.isPlatformAdmin).toBe(true);
  });

  it("only a platform-admin principal suspends, and users cannot lift their own suspension", async () => {
    const user = await newUser();
    const self = withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.update(schema.users).set({ suspendedAt: new Date() }).where(eq(schema.users.id, user.id)));
    expect(await pgCode(self)).toBe(INSUFFICIENT_PRIVILEGE);
    const staff = await withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, (tx) =>
      tx.update(schema.users).set({ suspendedAt: new Date() }).where(eq(schema.users.id, user.id)).returning(),
    );
    expect(staff).toHaveLength(1);
    const lift = withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.update(schema.users).set({ suspendedAt: null }).where(eq(schema.users.id, user.id)));
    expect(await pgCode(lift)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("a brand cannot lift its own suspension", async () => {
    const brandId = await newBrand();
    const change = withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.update(schema.brands).set({ status: "suspended" }).where(eq(schema.brands.id, brandId)));
    expect(await pgCode(change)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("the platform-admin flag is what lets a principal see other people", async () => {
    const a = await newUser();
    const b = await newUser();
    const asA = await withPrincipal(db, { kind: "user", userId: a.id }, (tx) => tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.id, b.id)));
    expect(asA).toEqual([]);
    const asStaff = await withPrincipal(db, { kind: "platform_admin", userId: a.id }, (tx) => tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.id, b.id)));
    expect(asStaff).toEqual([{ id: b.id }]);
  });
});

describe("sessions and tokens", () => {
  it("users see only their own sessions", async () => {
    const a = await newUser();
    const b = await newUser();
    const sessionId = newId("session");
    await withPrincipal(db, { kind: "user", userId: a.id }, (tx) => tx.insert(schema.sessions).values({ id: sessionId, userId: a.id, expiresAt: new Date(Date.now() + 60_000) }));
    const seenByB = await withPrincipal(db, { kind: "user", userId: b.id }, (tx) => tx.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId)));
    expect(seenByB).toEqual([]);
    const revokeAsB = await withPrincipal(db, { kind: "user", userId: b.id }, (tx) => tx.update(schema.sessions).set({ revokedAt: new Date() }).where(eq(schema.sessions.id, sessionId)).returning());
    expect(revokeAsB).toEqual([]);
    const noPrincipal = await db.transaction((tx) => tx.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId)));
    expect(noPrincipal).toEqual([]);
  });

  it("tokens are spent once, only by consume_auth_token, never updated or deleted by the app", async () => {
    const user = await newUser();
    const { token, hash } = await newToken();
    const id = newId("authToken");
    await withPrincipal(db, { kind: "user", userId: user.id }, (tx) =>
      tx.insert(schema.authTokens).values({ id, userId: user.id, purpose: "reset_password", tokenHash: hash, email: user.email, expiresAt: new Date(Date.now() + 60_000) }),
    );
    const update = withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.update(schema.authTokens).set({ usedAt: null }).where(eq(schema.authTokens.id, id)));
    expect(await pgCode(update)).toBe(INSUFFICIENT_PRIVILEGE);
    const remove = withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.delete(schema.authTokens).where(eq(schema.authTokens.id, id)));
    expect(await pgCode(remove)).toBe(INSUFFICIENT_PRIVILEGE);

    expect(await db.transaction((tx) => consumeAuthToken(tx, hash, ["verify_email"]))).toBeNull();
    expect(await db.transaction((tx) => consumeAuthToken(tx, hash, ["reset_password"]))).toEqual({ userId: user.id, email: user.email, purpose: "reset_password" });
    expect(await db.transaction((tx) => consumeAuthToken(tx, hash, ["reset_password"]))).toBeNull();
    expect(token).not.toBe(hash);
  });

  it("spending a token inside a transaction that fails leaves it unspent", async () => {
    const user = await newUser();
    const { hash } = await newToken();
    await withPrincipal(db, { kind: "user", userId: user.id }, (tx) =>
      tx.insert(schema.authTokens).values({ id: newId("authToken"), userId: user.id, purpose: "verify_email", tokenHash: hash, email: user.email, expiresAt: new Date(Date.now() + 60_000) }),
    );
    await expect(
      db.transaction(async (tx) => {
        expect(await consumeAuthToken(tx, hash, ["verify_email"])).not.toBeNull();
        await setPrincipal(tx, { kind: "user", userId: user.id });
        throw new Error("the effect failed");
      }),
    ).rejects.toThrow("the effect failed");
    expect(await db.transaction((tx) => consumeAuthToken(tx, hash, ["verify_email"]))).not.toBeNull();
  });

  it("rate-limit buckets are reachable only through their functions", async () => {
    const key = await hashApiKey(`bucket-${newId("request")}`);
    await db.execute(sql`select * from rate_limit_hit(${`{${key}}`}::text[], '{60}'::integer[])`);
    const direct = await db.execute(sql`select * from rate_limit_buckets where key = ${key}`);
    expect((direct as unknown as { rows: unknown[] }).rows).toEqual([]);
    expect(await pgCode(db.execute(sql`insert into rate_limit_buckets (key, hits, window_started_at, window_seconds) values ('x', 0, now(), 60)`))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await pgCode(db.execute(sql`delete from rate_limit_buckets`))).toBeUndefined();
    const first = await db.execute(sql`select * from rate_limit_hit(${`{${key}}`}::text[], '{60}'::integer[])`);
    const second = await db.execute(sql`select * from rate_limit_hit(${`{${key}}`}::text[], '{60}'::integer[])`);
    expect((first as unknown as { rows: { hits: number }[] }).rows[0]!.hits).toBe(2);
    expect((second as unknown as { rows: { hits: number }[] }).rows[0]!.hits).toBe(3);
  });
});

describe("audit log", () => {
  it("is append-only for the app", async () => {
    const brandId = await newBrand();
    const id = newId("auditEvent");
    await withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.insert(schema.auditEvents).values({ id, brandId, actorType: "system", action: "brand.created" }));
    const update = withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.update(schema.auditEvents).set({ action: "nothing happened" }).where(eq(schema.auditEvents.id, id)));
    expect(await pgCode(update)).toBe(INSUFFICIENT_PRIVILEGE);
    const remove = withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.delete(schema.auditEvents).where(eq(schema.auditEvents.id, id)));
    expect(await pgCode(remove)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("a brand reads its own events only: not its members' account events, not other brands'", async () => {
    const brandId = await newBrand();
    const otherBrand = await newBrand();
    const member = await newUser();
    const stranger = await newUser();
    await withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.insert(schema.brandMembers).values({ id: newId("member"), brandId, userId: member.id, role: "viewer" }));
    for (const u of [member, stranger]) {
      await withPrincipal(db, { kind: "user", userId: u.id }, (tx) =>
        tx.insert(schema.auditEvents).values({ id: newId("auditEvent"), subjectUserId: u.id, actorType: "user", actorId: u.id, action: "user.signed_in" }),
      );
    }
    await withPrincipal(db, { kind: "brand", brandId: otherBrand }, (tx) =>
      tx.insert(schema.auditEvents).values({ id: newId("auditEvent"), brandId: otherBrand, actorType: "system", action: "brand.created" }),
    );
    await withPrincipal(db, { kind: "brand", brandId }, (tx) =>
      tx.insert(schema.auditEvents).values({ id: newId("auditEvent"), brandId, actorType: "system", action: "brand.created" }),
    );
    const seen = await withPrincipal(db, { kind: "brand", brandId }, (tx) => tx.select().from(schema.auditEvents));
    expect(seen.map((e) => e.subjectUserId ?? e.brandId)).toEqual([brandId]);
    // The member reads their own account events.
    const own = await withPrincipal(db, { kind: "user", userId: member.id }, (tx) => tx.select().from(schema.auditEvents));
    expect(own.map((e) => e.subjectUserId)).toEqual([member.id]);
    // A user cannot write events about someone else or into a brand.
    const forged = withPrincipal(db, { kind: "user", userId: stranger.id }, (tx) =>
      tx.insert(schema.auditEvents).values({ id: newId("auditEvent"), subjectUserId: member.id, actorType: "user", action: "user.signed_in" }),
    );
    expect(await pgCode(forged)).toBe(INSUFFICIENT_PRIVILEGE);
  });
});

describe("email outbox", () => {
  const production: Pick<EmailSettings, "EMAIL_TRANSPORT"> = { EMAIL_TRANSPORT: "resend" };
  const development: Pick<EmailSettings, "EMAIL_TRANSPORT"> = { EMAIL_TRANSPORT: "mailbox" };
  const content = { subject: "Reset", text: "secret link https://app/x#token=abc", html: "<p>secret</p>" };

  it("delivers after commit, records the outcome and drops the bodies of sent mail", async () => {
    const user = await newUser();
    const id = await withPrincipal(db, { kind: "user", userId: user.id }, (tx) => enqueueEmail(tx, production, { userId: user.id, to: user.email, content }));
    const sent: string[] = [];
    const result = await deliverOutbox(db, { send: async (m) => (sent.push(`${m.id} ${m.to} ${m.text}`), { providerMessageId: "p-1" }) }, "Rekomi <x@y>", [id]);
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(sent).toEqual([`${id} ${user.email} ${content.text}`]);
    const [row] = await withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, id)));
    expect(row).toMatchObject({ status: "sent", providerMessageId: "p-1", textBody: null, htmlBody: null, attempts: 1 });
    expect((await deliverOutbox(db, { send: async () => ({ providerMessageId: "again" }) }, "x", [id])).sent).toBe(0);
  });

  it("keeps failed mail for a later pass, with a pause before the retry", async () => {
    const user = await newUser();
    const id = await withPrincipal(db, { kind: "user", userId: user.id }, (tx) => enqueueEmail(tx, production, { userId: user.id, to: user.email, content }));
    const failing = { send: async () => Promise.reject(new Error("provider down")) };
    expect(await deliverOutbox(db, failing, "x", [id])).toEqual({ sent: 0, failed: 1 });
    const [row] = await withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, id)));
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "provider down", textBody: content.text });
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect((await deliverOutbox(db, failing, "x", [id])).failed).toBe(0);
  });

  it("the app cannot rewrite mail, and the dev mailbox shows only mailbox-transport mail", async () => {
    const user = await newUser();
    const real = await withPrincipal(db, { kind: "user", userId: user.id }, (tx) => enqueueEmail(tx, production, { userId: user.id, to: user.email, content }));
    const dev = await withPrincipal(db, { kind: "user", userId: user.id }, (tx) => enqueueEmail(tx, development, { userId: user.id, to: user.email, content }));
    const rewrite = withPrincipal(db, { kind: "user", userId: user.id }, (tx) => tx.update(schema.emailOutbox).set({ toAddress: "attacker@evil.test" }).where(eq(schema.emailOutbox.id, real)));
    expect(await pgCode(rewrite)).toBe(INSUFFICIENT_PRIVILEGE);
    const ids = (await devMailbox(db, 500)).map((m) => m.id);
    expect(ids).toContain(dev);
    expect(ids).not.toContain(real);
  });
});
