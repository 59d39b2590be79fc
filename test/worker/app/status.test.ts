import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { appConfig, type AppConfigEnv } from "../../../src/infra/app/config";
import { provideConfig } from "../../../src/infra/env";
import { createApp } from "../../../src/infra/http/app";
import { countServerErrors } from "../../../src/status/server-errors";
import { buildAppWorker } from "../../../src/infra/app/worker";
import { withPrincipal } from "../../../src/infra/db/principal";
import { claimEmailOutbox } from "../../../src/infra/db/lookups";
import { newId } from "../../../src/infra/ids";
import worker from "../../../src/infra/app/worker";
import { pruneStatusProbes, recordStatusProbe, type ProbeConfig } from "../../../src/status/probe";
import { forgetPublicStatus, type PublicStatus } from "../../../src/status/public-status";
import { Browser, errorOf, mailTo, ORIGIN, signedUpUser, staffBrowser, uniqueEmail, usingDb } from "../support/fixtures";

const STATUS_JOB = { kind: "platform_admin", userId: "system:status" } as const;
const config = () => appConfig(env) as ProbeConfig;

/** The app worker's own /healthz stands in as a healthy edge (the same health route the edge mounts). */
const healthyEdge: ProbeConfig["EDGE"] = { fetch: (input) => exports.default.fetch(typeof input === "string" ? input : new Request(input)) };

/** The real health route, its Postgres unreachable: it answers 503. */
const edgeWithoutDatabase: ProbeConfig["EDGE"] = {
  fetch: async (input) => {
    const ctx = createExecutionContext();
    const res = await buildAppWorker().request(new URL(typeof input === "string" ? input : input.url).pathname, {}, { ...env, DATABASE_URL: "postgres://rekomi_app:x@127.0.0.1:1/rekomi" }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  },
};

async function publicStatus(): Promise<PublicStatus> {
  const res = await exports.default.fetch(`${ORIGIN}/status.json`);
  expect(res.status).toBe(200);
  return res.json<PublicStatus>();
}

/** The one reason other test files' deliberate 5xx answers (shared database) give the REST API. */
const SERVER_ERRORS = /^\d+ server errors in 5 minutes$/;
const stateOf = (status: PublicStatus, id: string) => status.components.find((c) => c.id === id)!.state;

/** Reads as Rekomi staff (tables are under FORCE RLS: even their owner sees nothing without a policy). */
async function staffRows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return usingDb((db) => withPrincipal(db, STATUS_JOB, async (tx) => ((await tx.execute(query)) as unknown as { rows: T[] }).rows));
}

describe("status probes", () => {
  it("the cron records one probe per component and adds it to the day's tally", async () => {
    const before = await staffRows<{ n: number }>(sql`select coalesce(sum(probes), 0)::int as n from status_daily where day = (now() at time zone 'UTC')::date and component = 'rest_api'`);
    const started = new Date(Date.now() - 1000);
    const ctx = createExecutionContext();
    await worker.scheduled({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env, ctx);
    await waitOnExecutionContext(ctx);
    const probes = await staffRows<{ component: string; state: string; detail: string | null }>(sql`select component, state, detail from status_probes where checked_at >= ${started.toISOString()}::timestamptz`);
    expect(new Set(probes.map((p) => p.component))).toEqual(new Set(["tracking_links", "s2s_ingest", "rest_api", "dashboard", "outbound_webhooks", "payouts"]));
    // The REST API's probe is the cron itself reaching Postgres from the app worker. Other
    // test files share this database and answer 5xx on purpose (a missing Stripe key, a bad
    // configuration), so only a server-error count may make it anything but operational.
    expect(probes.filter((p) => p.component === "rest_api").every((p) => p.state === "operational" || SERVER_ERRORS.test(p.detail ?? ""))).toBe(true);
    const after = await staffRows<{ n: number }>(sql`select sum(probes)::int as n from status_daily where day = (now() at time zone 'UTC')::date and component = 'rest_api'`);
    expect(after[0]!.n).toBeGreaterThan(before[0]!.n);
  });

  it("a failed edge probe shows degraded at once (a blip), down only after three hard failures in a row", async () => {
    const healthy = await usingDb((db) => recordStatusProbe({ ...config(), EDGE: healthyEdge }, db));
    expect(healthy.tracking_links?.reason ?? "").not.toContain("edge");
    expect(healthy.rest_api?.state === "operational" || SERVER_ERRORS.test(healthy.rest_api?.reason ?? "")).toBe(true);
    const refuse = () => usingDb((db) => recordStatusProbe({ ...config(), EDGE: undefined, STATUS_EDGE_HEALTH_URL: "http://127.0.0.1:1/healthz" }, db));

    // Nothing listens on port 1: the probe's fetch is refused, a hard failure.
    const refused = await refuse();
    expect(refused.tracking_links).toMatchObject({ state: "down", reason: expect.stringContaining("edge /healthz unreachable") });
    expect(refused.s2s_ingest?.state).toBe("down");
    let status = await publicStatus();
    expect(stateOf(status, "tracking_links")).toBe("degraded");
    expect(stateOf(status, "s2s_ingest")).toBe("degraded");
    expect(refused.rest_api?.reason ?? "").not.toContain("edge");
    const page = await (await exports.default.fetch(`${ORIGIN}/status`)).text();
    expect(page).toContain('data-component="tracking_links" data-state="degraded"');

    // The edge answers, but 503 (its database is unreachable): degraded, and it breaks the run.
    const unavailable = await usingDb((db) => recordStatusProbe({ ...config(), EDGE: edgeWithoutDatabase }, db));
    expect(unavailable.tracking_links).toMatchObject({ state: "degraded", reason: expect.stringContaining("edge /healthz answered 503") });
    await refuse();
    await refuse();
    expect(stateOf(await publicStatus(), "tracking_links")).toBe("degraded");
    await refuse();
    status = await publicStatus();
    expect(stateOf(status, "tracking_links")).toBe("down");
    expect(status.state).toBe("down");
  });

  it("without STRIPE_SECRET_KEY there is no Payouts component: no probe row, not on the page", async () => {
    const findings = await usingDb((db) => recordStatusProbe({ ...config(), EDGE: healthyEdge, STRIPE_SECRET_KEY: undefined }, db));
    expect(findings.payouts).toBeUndefined();
    expect(Object.keys(findings)).toHaveLength(5);
    // One probe's rows share their checked_at: that probe wrote none for payouts.
    const rows = await staffRows<{ component: string }>(
      sql`select component from status_probes where checked_at = (select max(checked_at) from status_probes where component = 'rest_api') order by component`,
    );
    expect(rows.map((r) => r.component)).toEqual(["dashboard", "outbound_webhooks", "rest_api", "s2s_ingest", "tracking_links"]);

    const ctx = createExecutionContext();
    const res = await buildAppWorker().request("/status.json", {}, { ...env, STRIPE_SECRET_KEY: undefined }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const withoutPayouts = await res.json<PublicStatus>();
    expect(withoutPayouts.components.map((c) => c.id)).not.toContain("payouts");
    expect(withoutPayouts.components).toHaveLength(5);
    // With the key (this test env), Payouts is reported.
    expect((await publicStatus()).components.map((c) => c.id)).toContain("payouts");
  });

  it("/status and /status.json may be cached 30 s, and the isolate reads Postgres at most every 30 s", async () => {
    forgetPublicStatus();
    const first = await exports.default.fetch(`${ORIGIN}/status.json`);
    expect(first.headers.get("cache-control")).toBe("public, max-age=30, stale-if-error=300");
    const html = await exports.default.fetch(`${ORIGIN}/status`);
    expect(html.headers.get("cache-control")).toBe("public, max-age=30, stale-if-error=300");
    await html.text();
    const a = await first.json<PublicStatus>();
    // A second visitor within 30 s gets the same computed page (same updated_at), no new read.
    const b = await publicStatus();
    expect(b.updated_at).toBe(a.updated_at);
    // A recorded probe drops the memo: the next visitor sees it.
    await usingDb((db) => recordStatusProbe({ ...config(), EDGE: healthyEdge }, db));
    expect((await publicStatus()).updated_at).not.toBe(a.updated_at);
  });

  it("public answers carry states and tallies only, never a probe's reason", async () => {
    await usingDb((db) => recordStatusProbe({ ...config(), EDGE: undefined, STATUS_EDGE_HEALTH_URL: "http://127.0.0.1:1/healthz" }, db));
    const json = await (await exports.default.fetch(`${ORIGIN}/status.json`)).text();
    const page = await exports.default.fetch(`${ORIGIN}/status`);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    for (const text of [json, html]) {
      expect(text).not.toContain("127.0.0.1");
      expect(text).not.toContain("unreachable");
    }
  });

  it("daily uptime: 90 days from the day tallies, and raw probes pruned after two days", async () => {
    await usingDb((db) =>
      withPrincipal(db, STATUS_JOB, async (tx) => {
        await tx.execute(sql`insert into status_daily (component, day, probes, operational, degraded)
          values ('payouts', (now() at time zone 'UTC')::date - 10, 1440, 1400, 30), ('payouts', (now() at time zone 'UTC')::date - 95, 1440, 0, 0)
          on conflict (component, day) do update set probes = excluded.probes, operational = excluded.operational, degraded = excluded.degraded`);
        await tx.execute(sql`insert into status_probes (id, component, state, checked_at) values ('stp_old', 'payouts', 'down', now() - interval '3 days')`);
      }),
    );
    forgetPublicStatus(); // written behind the probe's back: drop this isolate's 30 s memo
    const status = await publicStatus();
    const payouts = status.components.find((c) => c.id === "payouts")!;
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    expect(payouts.days.find((d) => d.date === tenDaysAgo)).toEqual({ date: tenDaysAgo, uptime: 1400 / 1440, worst: "down" });
    // 95 days ago is outside the window.
    expect(payouts.days.length).toBeLessThanOrEqual(90);
    expect(payouts.days.some((d) => d.date === new Date(Date.now() - 95 * 86_400_000).toISOString().slice(0, 10))).toBe(false);
    expect(payouts.uptime_90d).toBeGreaterThan(0);
    expect(payouts.uptime_90d).toBeLessThan(1);

    await usingDb((db) => pruneStatusProbes(db));
    expect(await staffRows(sql`select id from status_probes where id = 'stp_old'`)).toEqual([]);
    expect((await staffRows(sql`select day from status_daily where component = 'payouts' and day = (now() at time zone 'UTC')::date - 10`)).length).toBe(1);
  });
});

interface AdminIncident {
  id: string;
  status: string;
  resolved_at: string | null;
  notified: number;
  updates: { status: string; body: string }[];
}

describe("incidents", () => {
  it("only staff may read the admin view or post; visitors and users get 401 / 403", async () => {
    const anonymous = new Browser();
    expect((await anonymous.get("/api/admin/status")).status).toBe(401);
    const user = await signedUpUser();
    expect((await user.browser.get("/api/admin/status")).status).toBe(403);
    const post = await user.browser.post("/api/admin/status/incidents", { title: "Not staff", impact: "down", components: ["rest_api"], body: "nope" });
    expect(post.status).toBe(403);
    expect((await user.browser.post("/api/admin/status/incidents/inc_01jdx3h5c2v7n9q4r8t6w0y2z1/updates", { status: "resolved", body: "nope" })).status).toBe(403);
  });

  it("bad input is one error envelope naming the field", async () => {
    const staff = await staffBrowser();
    const bad = await staff.post("/api/admin/status/incidents", { title: "Webhooks slow", impact: "down", components: ["coffee_machine"], body: "x" });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).param).toMatch(/components/);
    const missing = await staff.post("/api/admin/status/incidents/inc_01jdx3h5c2v7n9q4r8t6w0y2z1/updates", { status: "resolved", body: "done" });
    expect(missing.status).toBe(404);
  });

  it("staff post, update and resolve an incident; /status shows it and holds its components at its impact; each post is audited", async () => {
    const staff = await staffBrowser();
    const posted = await staff.post("/api/admin/status/incidents", { title: "Webhook deliveries delayed", impact: "down", components: ["outbound_webhooks"], body: "Deliveries are queued." });
    expect(posted.status).toBe(201);
    const incident = await posted.json<AdminIncident>();
    expect(incident).toMatchObject({ status: "investigating", resolved_at: null, updates: [{ status: "investigating", body: "Deliveries are queued." }] });

    let status = await publicStatus();
    expect(status.incidents.find((i) => i.id === incident.id)).toMatchObject({ title: "Webhook deliveries delayed", status: "investigating", resolved_at: null });
    expect(stateOf(status, "outbound_webhooks")).toBe("down");
    expect(JSON.stringify(status)).not.toContain("usr_");

    const update = await staff.post(`/api/admin/status/incidents/${incident.id}/updates`, { status: "identified", body: "A stuck consumer; restarting it." });
    expect(update.status).toBe(201);
    const resolved = await (await staff.post(`/api/admin/status/incidents/${incident.id}/updates`, { status: "resolved", body: "All deliveries caught up." })).json<AdminIncident>();
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolved_at).toEqual(expect.any(String));
    expect(resolved.updates.map((u) => u.status)).toEqual(["resolved", "identified", "investigating"]);

    status = await publicStatus();
    expect(status.incidents.find((i) => i.id === incident.id)).toMatchObject({ status: "resolved", resolved_at: expect.any(String) });
    const html = await (await exports.default.fetch(`${ORIGIN}/status`)).text();
    expect(html).toContain("Webhook deliveries delayed");
    expect(html).toContain("All deliveries caught up.");

    const admin = await (await staff.get("/api/admin/status")).json<{ incidents: { id: string }[]; components: { id: string; reason: string | null }[] }>();
    expect(admin.incidents.map((i) => i.id)).toContain(incident.id);
    const audit = await staffRows<{ action: string; actor_type: string }>(sql`select action, actor_type from audit_events where target_id = ${incident.id} order by id`);
    expect(audit).toEqual([
      { action: "status_incident.posted", actor_type: "platform_admin" },
      { action: "status_incident.updated", actor_type: "platform_admin" },
      { action: "status_incident.resolved", actor_type: "platform_admin" },
    ]);
  });
});

describe("subscribers", () => {
  it("subscribe, confirm by mail, get incident news with an unsubscribe link, unsubscribe", async () => {
    const email = uniqueEmail("status-sub");
    const visitor = new Browser();
    const subscribed = await visitor.post("/status/subscribe", { email });
    expect(subscribed.status).toBe(202);
    const [confirmation] = await mailTo(email);
    expect(confirmation!.subject).toMatch(/Confirm/);
    const confirmLink = confirmation!.links.find((l) => new URL(l).pathname === "/status/confirm")!;

    // Not confirmed yet: incident news does not reach it.
    const staff = await staffBrowser();
    await staff.post("/api/admin/status/incidents", { title: "Dashboard slow", impact: "degraded", components: ["dashboard"], body: "Looking into it." });
    expect((await mailTo(email)).length).toBe(1);

    const confirmed = await exports.default.fetch(confirmLink);
    expect(confirmed.status).toBe(200);
    expect((await exports.default.fetch(confirmLink)).status).toBe(404);

    const posted = await (await staff.post("/api/admin/status/incidents", { title: "Payouts delayed", impact: "degraded", components: ["payouts"], body: "Transfers are slow." })).json<AdminIncident>();
    expect(posted.notified).toBeGreaterThanOrEqual(1);
    const news = (await mailTo(email))[0]!;
    expect(news.subject).toBe("[Rekomi status] Investigating: Payouts delayed");
    expect(news.text).toContain("Transfers are slow.");
    const unsubscribeLink = news.links.find((l) => new URL(l).pathname === "/status/unsubscribe")!;

    expect(new URL(unsubscribeLink).searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const forged = new URL(unsubscribeLink);
    forged.searchParams.set("token", "A".repeat(43));
    expect((await exports.default.fetch(forged.toString())).status).toBe(404);
    expect((await exports.default.fetch(forged.toString(), { method: "POST" })).status).toBe(404);
    expect((await exports.default.fetch(unsubscribeLink)).status).toBe(200);
    expect((await exports.default.fetch(unsubscribeLink, { method: "POST" })).status).toBe(200);
    expect(await staffRows(sql`select id from status_subscribers where email = ${email}`)).toEqual([]);

    await staff.post(`/api/admin/status/incidents/${posted.id}/updates`, { status: "resolved", body: "Caught up." });
    expect((await mailTo(email)).filter((m) => m.subject.includes("Resolved"))).toEqual([]);
  });

  it("incident news reaches several subscribers, each with its own unsubscribe link, as bulk mail claimed after other mail", async () => {
    const emails = [uniqueEmail("status-many-a"), uniqueEmail("status-many-b"), uniqueEmail("status-many-c")];
    for (const email of emails) {
      expect((await new Browser().post("/status/subscribe", { email })).status).toBe(202);
      const link = (await mailTo(email))[0]!.links.find((l) => new URL(l).pathname === "/status/confirm")!;
      expect((await exports.default.fetch(link)).status).toBe(200);
    }
    const staff = await staffBrowser();
    const posted = await (await staff.post("/api/admin/status/incidents", { title: "Ingest delayed", impact: "degraded", components: ["s2s_ingest"], body: "Events queue up." })).json<AdminIncident>();
    expect(posted.notified).toBeGreaterThanOrEqual(3);
    const links = new Set<string>();
    for (const email of emails) {
      const [news] = await mailTo(email);
      expect(news!.subject).toBe("[Rekomi status] Investigating: Ingest delayed");
      expect(news!.text).toContain("Events queue up.");
      expect(news!.text).not.toContain("__REKOMI_UNSUBSCRIBE_TOKEN__");
      links.add(news!.links.find((l) => new URL(l).pathname === "/status/unsubscribe")!);
    }
    expect(links.size).toBe(3);
    // One subscriber's link removes that subscriber only.
    const [first] = [...links];
    expect((await exports.default.fetch(first!, { method: "POST" })).status).toBe(200);
    expect((await staffRows(sql`select id from status_subscribers where email = any(${`{${emails.join(",")}}`}::text[])`)).length).toBe(2);

    // Delivery order: an older bulk mail waits behind newer ordinary mail.
    const [subscriber] = await staffRows<{ id: string }>(sql`select id from status_subscribers where email = ${emails[1]!}`);
    const older = newId("email");
    const newer = newId("email");
    await usingDb((db) =>
      withPrincipal(db, STATUS_JOB, async (tx) => {
        await tx.execute(sql`insert into email_outbox (id, status_subscriber_id, to_address, subject, transport, status, bulk, created_at)
          values (${older}, ${subscriber!.id}, ${emails[1]!}, 'bulk', 'resend', 'pending', true, now() - interval '1 hour'),
                 (${newer}, ${subscriber!.id}, ${emails[1]!}, 'transactional', 'resend', 'pending', false, now())`);
      }),
    );
    const claimed = await usingDb((db) => claimEmailOutbox(db, [older, newer], 1));
    expect(claimed.map((m) => m.id)).toEqual([newer]);
    expect((await usingDb((db) => claimEmailOutbox(db, [older, newer], 1))).map((m) => m.id)).toEqual([older]);
  });

  it("past the daily confirmation limit nothing is mailed and the pending link stays valid", async () => {
    const email = uniqueEmail("status-limit");
    for (let i = 0; i < 3; i++) expect((await new Browser().post("/status/subscribe", { email })).status).toBe(202);
    const mails = await mailTo(email);
    expect(mails.length).toBe(3);
    const newest = mails[0]!.links.find((l) => new URL(l).pathname === "/status/confirm")!;
    // A fourth request (anyone's) is answered alike but neither mails nor voids the link.
    expect((await new Browser().post("/status/subscribe", { email })).status).toBe(202);
    expect((await mailTo(email)).length).toBe(3);
    expect((await exports.default.fetch(newest)).status).toBe(200);
  });

  it("a bad address is one error envelope; the form gets a page", async () => {
    const bad = await new Browser().post("/status/subscribe", { email: "not an email" });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).param).toBe("email");
    const form = await exports.default.fetch(`${ORIGIN}/status/subscribe`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=nope" });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain("Enter an email address");
  });
});

// Last in this file: it leaves the REST API degraded for five minutes.
describe("server errors the app worker answered", () => {
  it("are counted per component; five in five minutes degrade the REST API", async () => {
    // The app's own factory and middleware, with one route that fails the way a bug does.
    const app = createApp<AppConfigEnv>();
    app.use("*", provideConfig(appConfig));
    app.use("*", countServerErrors());
    app.get("/v1/broken", () => {
      throw new TypeError("a bug");
    });
    app.get("/api/fine", (c) => c.json({ ok: true }));
    const before = await staffRows<{ n: number }>(sql`select coalesce(sum(errors), 0)::int as n from status_server_errors where component = 'rest_api'`);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // Five failures answered before any count is written: the isolate batches them into
      // at most two writes (one at once, the rest ~10 s later on a waitUntil).
      const contexts = [];
      for (let i = 0; i < 5; i++) {
        const ctx = createExecutionContext();
        expect((await app.request("/v1/broken", {}, env, ctx)).status).toBe(500);
        contexts.push(ctx);
      }
      const ctx = createExecutionContext();
      expect((await app.request("/api/fine", {}, env, ctx)).status).toBe(200);
      contexts.push(ctx);
      for (const c of contexts) await waitOnExecutionContext(c);
    } finally {
      logged.mockRestore();
    }
    const after = await staffRows<{ n: number }>(sql`select coalesce(sum(errors), 0)::int as n from status_server_errors where component = 'rest_api'`);
    expect(after[0]!.n - before[0]!.n).toBeGreaterThanOrEqual(5);
    const findings = await usingDb((db) => recordStatusProbe({ ...config(), EDGE: healthyEdge }, db));
    forgetPublicStatus();
    expect(findings.rest_api).toEqual({ state: "degraded", reason: expect.stringMatching(/^\d+ server errors in 5 minutes$/) });
    expect(stateOf(await publicStatus(), "rest_api")).toBe("degraded");
  }, 40_000);
});
