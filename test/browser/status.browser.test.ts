import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/local/ports";
import { DEMO_PASSWORD, DEMO_STAFF_EMAIL } from "../../scripts/local/seed";
import { startStack, type Stack } from "../../scripts/local/stack";

/**
 * The public status page on the real dev stack, in headless Chromium. The app's cron probes
 * the edge worker's real /healthz through a small forwarding proxy the test owns; closing the
 * proxy makes the probe fail for real (connection refused), and /status shows tracking links
 * and S2S ingest turning degraded. Staff then see why in Admin and post an incident, which
 * /status shows.
 */

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

let stack: Stack;
let browser: Browser;
let stateDir: string;
let proxy: Server;

/** Forwards GET /healthz to the edge worker and answers with what it answered. */
function edgeProxy(edgeUrl: string): Server {
  return createServer((req, res) => {
    fetch(`${edgeUrl}${req.url}`)
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

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.`);
  stateDir = mkdtempSync(join(tmpdir(), "rekomi-status-"));
  chmodSync(stateDir, 0o755);
  const edgePort = await freePort();
  const proxyPort = await freePort();
  proxy = edgeProxy(`http://127.0.0.1:${edgePort}`);
  await new Promise<void>((ok) => proxy.listen(proxyPort, "127.0.0.1", ok));
  stack = await startStack({
    appPort: await freePort(),
    edgePort,
    pgPort: await freePort(),
    bridgePort: await freePort(),
    persistent: false,
    stateDir,
    log: () => {},
    appVars: { STATUS_EDGE_HEALTH_URL: `http://127.0.0.1:${proxyPort}/healthz` },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (proxy?.listening) await new Promise((ok) => proxy.close(ok));
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

describe("the status page on npm run dev", () => {
  it("shows tracking links operational, then degraded once the edge's health probe fails; staff see why and post an incident", async () => {
    await stack.tickScheduled();
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${stack.appUrl}/status`);
    const tracking = page.locator("[data-component=tracking_links]");
    expect(await tracking.getAttribute("data-state")).toBe("operational");
    await tracking.getByText("Operational").waitFor();

    // The edge's address stops answering: the next probe is refused.
    proxy.closeAllConnections();
    await new Promise((ok) => proxy.close(ok));
    await stack.tickScheduled();
    await page.reload();
    expect(await tracking.getAttribute("data-state")).toBe("degraded");
    await tracking.getByText("Degraded").waitFor();
    expect(await page.locator("[data-component=s2s_ingest]").getAttribute("data-state")).toBe("degraded");
    expect(await page.locator("[data-component=rest_api]").getAttribute("data-state")).toBe("operational");
    expect(await page.content()).not.toContain("unreachable");

    // Staff: the reason in Admin, and an incident posted from there.
    const staff = await (await browser.newContext()).newPage();
    await staff.goto(`${stack.appUrl}/sign-in`);
    await staff.fill("input[name=email]", DEMO_STAFF_EMAIL);
    await staff.fill("input[name=password]", DEMO_PASSWORD);
    await staff.click("button[type=submit]");
    await staff.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await staff.goto(`${stack.appUrl}/admin`);
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
