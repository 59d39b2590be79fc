import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../../scripts/local/ports";
import { DEMO_PASSWORD } from "../../../scripts/local/seed";
import { startStack, type Stack } from "../../../scripts/local/stack";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Filled in by the test file's `beforeAll`: read them inside tests, not at import. */
export interface BrowserStack {
  stack: Stack;
  browser: Browser;
}

/**
 * `npm run dev`'s stack on free ports (nothing persisted, the demo seeded) and Debian's
 * headless Chromium, started before the calling test file's tests and stopped after them.
 */
export function browserStack(tempPrefix: string): BrowserStack {
  const run = {} as BrowserStack;
  let stateDir: string | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.`);
    stateDir = mkdtempSync(join(tmpdir(), tempPrefix));
    chmodSync(stateDir, 0o755); // as root, Postgres runs as `postgres` and must enter it
    run.stack = await startStack({ appPort: await freePort(), edgePort: await freePort(), pgPort: await freePort(), bridgePort: await freePort(), persistent: false, stateDir, log: () => {} });
    run.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  }, 180_000);
  afterAll(async () => {
    await run.browser?.close();
    await run.stack?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);
  return run;
}

/** Signs a seeded demo account in through the sign-in page and waits to leave it. */
export async function signInDemo(page: Page, appUrl: string, email: string): Promise<void> {
  await page.goto(`${appUrl}/sign-in`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", DEMO_PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}
