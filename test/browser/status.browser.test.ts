import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/local/ports";
import { DEMO_PASSWORD, DEMO_STAFF_EMAIL } from "../../scripts/local/seed";
import { browserStack } from "./support/dev-stack";

/**
 * The public status page on the real dev stack, in headless Chromium. The app's cron probes
 * the edge worker's real /healthz through a small forwarding proxy the test owns; closing the
 * proxy makes the probe fail for real (connection refused), and /status shows tracking links
 * and S2S ingest turning degraded. Staff then see why in Admin and post an incident, which
 * /status shows.
 */

let proxy: Server;

/** Forwards GET /healthz to the edge worker (once the stack is up) and answers with what it answered. */
function edgeProxy(edgeUrl: () => string): Server {
  return createServer((req, res) => {
    fetch(`${edgeUrl()}${req.url}`)
      .then(async (answer) => {
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  });
}

// The proxy listens before the stack starts, so no probe of the app's cron finds it missing.
const proxyPort = await freePort();
beforeAll(async () => {
  proxy = edgeProxy(() => run.stack.edgeUrl);
  await new Promise<void>((ok) => proxy.listen(proxyPort, "127.0.0.1", ok));
});
const run = browserStack("rekomi-status-", { appVars: { STATUS_EDGE_HEALTH_URL: `http://127.0.0.1:${proxyPort}/healthz` } });

afterAll(async () => {
  if (proxy?.listening) await new Promise((ok) => proxy.close(ok));
});

describe("the status page on npm run dev", () => {
  it("shows tracking links operational, then degraded once the edge's health probe fails; staff see why and post an incident", async () => {
    await run.stack.tickScheduled();
    const visitor = await run.browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${run.stack.appUrl}/status`);
    const tracking = page.locator("[data-component=tracking_links]");
    expect(await tracking.getAttribute("data-state")).toBe("operational");
    await tracking.getByText("Operational").waitFor();

    // The edge's address stops answering: the next probe is refused.
    proxy.closeAllConnections();
    await new Promise((ok) => proxy.close(ok));
    await run.stack.tickScheduled();
    await page.reload();
    expect(await tracking.getAttribute("data-state")).toBe("degraded");
    await tracking.getByText("Degraded").waitFor();
    expect(await page.locator("[data-component=s2s_ingest]").getAttribute("data-state")).toBe("degraded");
    expect(await page.locator("[data-component=rest_api]").getAttribute("data-state")).toBe("operational");
    expect(await page.content()).not.toContain("unreachable");

    // Staff: the reason in Admin, and an incident posted from there.
    const staff = await (await run.browser.newContext()).newPage();
    await staff.goto(`${run.stack.appUrl}/sign-in`);
    await staff.fill("input[name=email]", DEMO_STAFF_EMAIL);
    await staff.fill("input[name=password]", DEMO_PASSWORD);
    await staff.click("button[type=submit]");
    await staff.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await staff.goto(`${run.stack.appUrl}/admin`);
    await staff.click("nav.tabs >> text=Status & incidents");
    await staff.locator("[data-testid=status-components] tr[data-component=tracking_links]").getByText("edge /healthz unreachable", { exact: false }).waitFor();
    const form = staff.locator("[data-testid=new-incident]");
    await form.locator("input[name=incident-title]").fill("Tracking links failing over");
    await form.getByLabel("Tracking links").check();
    await form.locator("textarea").fill("Redirects are slow while we move traffic.");
    await form.locator("button[type=submit]").click();
    await staff.locator("[data-testid=incident]").getByText("Tracking links failing over").waitFor();

    await page.reload();
    await page.getByText("Tracking links failing over").waitFor();
    await page.getByText("Redirects are slow while we move traffic.").waitFor();
  });
});
