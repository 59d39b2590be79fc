import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { buildAppWorker } from "../../../src/infra/app/worker";
import { findUserByEmail } from "../../../src/infra/db/lookups";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { ORIGIN, PASSWORD, uniqueEmail, usingDb } from "../support/fixtures";

const sink = inject("webhookSinkUrl");

describe("email in production mode", () => {
  it("sends after the response through the Resend API, then keeps no body in the outbox", async () => {
    const name = `resend-${Date.now().toString(36)}`;
    const production = { ...env, APP_ENV: "production", EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test_key", RESEND_API_URL: `${sink}/hooks/${name}` };
    const pending: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const email = uniqueEmail("prod");

    const res = await buildAppWorker().fetch(
      new Request(`${ORIGIN}/api/auth/sign-up`, {
        method: "POST",
        headers: { origin: ORIGIN, "content-type": "application/json", "cf-connecting-ip": "10.200.0.1" },
        body: JSON.stringify({ email, password: PASSWORD }),
      }),
      production,
      ctx,
    );
    expect(res.status).toBe(202);
    await Promise.all(pending);

    const got = await (await fetch(`${sink}/received/${name}`)).json<{ headers: Record<string, string>; body: string }[]>();
    const sent = got.map((r) => ({ ...r, json: JSON.parse(r.body) })).find((r) => r.json.to[0] === email)!;
    expect(sent.headers.authorization).toBe("Bearer re_test_key");
    expect(sent.headers["idempotency-key"]).toMatch(/^eml_/);
    expect(sent.json.subject).toBe("Verify your email for Rekomi");
    expect(sent.json.text).toMatch(/http:\/\/worker\.test\/verify-email#token=[A-Za-z0-9_-]{43}/);

    const user = await usingDb((db) => findUserByEmail(db, email));
    const [row] = await usingDb((db) =>
      withPrincipal(db, { kind: "user", userId: user!.userId }, (tx) => tx.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, sent.headers["idempotency-key"]!))),
    );
    expect(row).toMatchObject({ transport: "resend", status: "sent", textBody: null, htmlBody: null, attempts: 1 });
  });
});
