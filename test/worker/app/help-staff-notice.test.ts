import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { noticeStaffOfHelp } from "../../../src/help/staff-notice";
import { appConfig } from "../../../src/infra/app/config";
import { mailTo, makePlatformAdmin, signedUpUser, usingDb, type Mail } from "../support/fixtures";

/**
 * Staff hear by mail which help conversations wait for them: the cron reports a
 * conversation once per message from its user, security issues first, and never mails a
 * message body. Other test files run the cron too, so each check looks for this file's own
 * conversations in the mail staff received, whichever run sent it.
 */

const config = appConfig(env);
const runNotice = () => usingDb((db) => noticeStaffOfHelp(config, db));

async function staffMember() {
  const staff = await signedUpUser();
  await makePlatformAdmin(staff.email);
  return staff;
}

async function open(browser: Awaited<ReturnType<typeof signedUpUser>>["browser"], body: string, topic = "question"): Promise<{ id: string; subject: string }> {
  const res = await browser.post("/api/help/conversations", { topic, body });
  expect(res.status).toBe(201);
  return res.json();
}

const notices = async (email: string): Promise<Mail[]> => (await mailTo(email)).filter((m) => m.text.includes("in the help inbox"));
const naming = (mails: Mail[], subject: string) => mails.filter((m) => m.text.includes(`“${subject}”`));

describe("staff notice of waiting help conversations", () => {
  it("mails every staff member once per message from the user, not for staff replies or internal notes, and without the body", async () => {
    const staff = await staffMember();
    const otherStaff = await staffMember();
    const user = await signedUpUser();
    const marker = `Where do I find my payouts ${crypto.randomUUID()}`;
    const conv = await open(user.browser, `${marker}\nMy secret account detail 4242`);

    await runNotice();
    const first = naming(await notices(staff.email), conv.subject);
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toContain("Question:");
    expect(first[0]!.text).not.toContain("4242");
    expect(first[0]!.links).toContain(`${config.APP_ORIGIN}/admin#help`);
    expect(naming(await notices(otherStaff.email), conv.subject)).toHaveLength(1);

    // Nothing new from the user: no second notice.
    await runNotice();
    expect(naming(await notices(staff.email), conv.subject)).toHaveLength(1);

    // Staff's internal note and reply: the conversation waits for the user, not for staff.
    expect((await staff.browser.post(`/api/admin/help/conversations/${conv.id}/messages`, { body: "Check their plan", internal: true })).status).toBe(201);
    expect((await staff.browser.post(`/api/admin/help/conversations/${conv.id}/messages`, { body: "Under Payouts." })).status).toBe(201);
    await runNotice();
    expect(naming(await notices(staff.email), conv.subject)).toHaveLength(1);

    // The user writes again: staff hear of it once more.
    expect((await user.browser.post(`/api/help/conversations/${conv.id}/messages`, { body: "It is empty" })).status).toBe(201);
    await runNotice();
    expect(naming(await notices(staff.email), conv.subject)).toHaveLength(2);
  });

  it("names a security report in the subject line and lists it first", async () => {
    const staff = await staffMember();
    const user = await signedUpUser();
    const question = await open(user.browser, `A question ${crypto.randomUUID()}`);
    const report = await open(user.browser, `XSS in the campaign page ${crypto.randomUUID()}`, "security");

    await runNotice();
    const mail = (await notices(staff.email)).find((m) => m.text.includes(`“${report.subject}”`));
    expect(mail?.subject).toMatch(/^Security issue reported · /);
    // Both in one notice (unless another test file's cron run took the question first).
    if (mail!.text.includes(`“${question.subject}”`)) expect(mail!.text.indexOf(report.subject)).toBeLessThan(mail!.text.indexOf(question.subject));
  });

  it("does not mail a staff member who is no longer staff", async () => {
    const former = await staffMember();
    const staff = await staffMember();
    const user = await signedUpUser();
    await makePlatformAdmin(former.email, false);
    const conv = await open(user.browser, `Billing question ${crypto.randomUUID()}`, "billing");
    await runNotice();
    expect(naming(await notices(staff.email), conv.subject)).toHaveLength(1);
    expect(naming(await notices(former.email), conv.subject)).toHaveLength(0);
  });
});
