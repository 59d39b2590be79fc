import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildAppWorker } from "../../../src/infra/app/worker";
import { Browser, ORIGIN, PASSWORD, mailTo, uniqueEmail } from "../support/fixtures";

const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;

describe("dev mailbox", () => {
  it("lists sent mail with working links", async () => {
    const email = uniqueEmail("mailbox");
    await new Browser().post("/api/auth/sign-up", { email, password: PASSWORD });
    const [mail] = await mailTo(email);
    expect(mail!.links[0]).toMatch(new RegExp(`^${ORIGIN}/verify-email#token=[A-Za-z0-9_-]{43}$`));

    const app = buildAppWorker();
    const list = await app.fetch(new Request(`${ORIGIN}/dev/mailbox?to=${encodeURIComponent(email)}`), env, ctx);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain(email);
    expect(html).toContain(`/dev/mailbox/${mail!.id}`);
    const message = await app.fetch(new Request(`${ORIGIN}/dev/mailbox/${mail!.id}`), env, ctx);
    expect(await message.text()).toContain(`href="${mail!.links[0]}"`);
  });

  it("does not exist in production", async () => {
    const production = { ...env, APP_ENV: "production", EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test" };
    const app = buildAppWorker();
    for (const path of ["/dev/mailbox", "/dev/mailbox/messages"]) {
      const res = await app.fetch(new Request(`${ORIGIN}${path}`), production, ctx);
      expect(res.status, path).toBe(404);
    }
  });

  it("cannot be pointed at production mail: production refuses the mailbox transport", async () => {
    const app = buildAppWorker();
    const res = await app.fetch(new Request(`${ORIGIN}/healthz`), { ...env, APP_ENV: "production", EMAIL_TRANSPORT: "mailbox" }, ctx);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("EMAIL_TRANSPORT");
  });
});
