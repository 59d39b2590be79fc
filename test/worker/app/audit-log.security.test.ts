import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../src/audit/schemas";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { Browser, brandOwnedBy, inviteAndAccept, signedUpUser, usingDb } from "../support/fixtures";

type Page = { data: AuditEvent[] };

// A brand's audit log shows what happened in the brand. A member's personal account events
// (where they signed in from, password changes) belong to that person, not to their employer.
describe("brand audit log and members' personal account events", () => {
  it("brand admins see brand events, not members' sign-ins or password changes", async () => {
    const owner = await signedUpUser();
    const brandId = await brandOwnedBy(owner.browser, "Audit brand");
    const member = await signedUpUser();
    await inviteAndAccept(owner.browser, brandId, member, "member");
    // Personal events of the member, after joining.
    await new Browser().post("/api/auth/sign-in", { email: member.email, password: member.password });
    const newPassword = "a different passphrase 99";
    expect((await member.browser.post("/api/me/password", { current_password: member.password, new_password: newPassword })).status).toBe(200);

    const log = await (await owner.browser.get(`/api/brands/${brandId}/audit-events?limit=100`)).json<Page>();
    expect(log.data.map((e) => e.action)).toEqual(expect.arrayContaining(["brand.created", "member.joined"]));
    for (const e of log.data) {
      expect.soft(e.brand_id, e.action).toBe(brandId);
    }
    expect(log.data.some((e) => e.action.startsWith("user."))).toBe(false);

    // The same holds in the database, whatever a route asks for.
    const leaked = await usingDb((db) =>
      withPrincipal(db, { kind: "brand", brandId, userId: owner.userId }, (tx) =>
        tx
          .select({ id: schema.auditEvents.id })
          .from(schema.auditEvents)
          .where(and(isNull(schema.auditEvents.brandId), eq(schema.auditEvents.subjectUserId, member.userId))),
      ),
    );
    expect(leaked).toEqual([]);
  });

  it("each person reads their own account events", async () => {
    const user = await signedUpUser();
    const brandId = await brandOwnedBy(user.browser);
    await new Browser().post("/api/auth/sign-in", { email: user.email, password: user.password });
    const res = await user.browser.get("/api/me/audit-events?limit=100");
    expect(res.status).toBe(200);
    const mine = (await res.json<Page>()).data;
    expect(mine.map((e) => e.action)).toEqual(expect.arrayContaining(["user.signed_up", "user.signed_in"]));
    expect(mine.every((e) => e.brand_id === null && e.subject_user_id === user.userId)).toBe(true);
    expect(mine.some((e) => e.brand_id === brandId)).toBe(false);
    expect((await new Browser().get("/api/me/audit-events")).status).toBe(401);
  });
});
