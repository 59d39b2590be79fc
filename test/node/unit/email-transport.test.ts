import { describe, expect, it } from "vitest";
import { resendSender } from "../../../src/email/transports";

const mail = { id: "eml_01jdx3h5c2v7n9q4r8t6w0y2z1", from: "Rekomi <no-reply@rekomi.test>", to: "a@b.test", subject: "Hi", text: "Hello", html: "<p>Hello</p>" };

describe("Resend transport", () => {
  it("posts the mail with the API key and the outbox id as Idempotency-Key", async () => {
    const seen: Request[] = [];
    const sender = resendSender({
      apiKey: "re_123",
      baseUrl: "https://resend.test/",
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return Response.json({ id: "msg_1" });
      },
    });
    expect(await sender.send(mail)).toEqual({ providerMessageId: "msg_1" });
    const req = seen[0]!;
    expect(req.url).toBe("https://resend.test/emails");
    expect(req.headers.get("authorization")).toBe("Bearer re_123");
    expect(req.headers.get("idempotency-key")).toBe(mail.id);
    expect(await req.json()).toEqual({ from: mail.from, to: ["a@b.test"], subject: "Hi", text: "Hello", html: "<p>Hello</p>" });
  });

  it("throws with the provider's message when it refuses", async () => {
    const sender = resendSender({ apiKey: "re_123", baseUrl: "https://resend.test", fetch: async () => Response.json({ message: "domain not verified" }, { status: 403 }) });
    await expect(sender.send(mail)).rejects.toThrow(/403: domain not verified/);
  });
});
