import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { freePort, PortTaken } from "../../../scripts/local/ports";
import { DEMO_PASSWORD } from "../../../scripts/local/seed";
import { startStack, type Stack, type StackOptions } from "../../../scripts/local/stack";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Filled in by the test file's `beforeAll`: read them inside tests, not at import. */
export interface BrowserStack {
  stack: Stack;
  browser: Browser;
}

/** What a test file may add to the stack: worker variables, and a step run the moment it is up. */
export interface BrowserStackOptions {
  appVars?: StackOptions["appVars"];
  /** Runs right after the stack answers, before Chromium starts (e.g. "the first event"). */
  onStarted?: (stack: Stack) => Promise<void>;
}

/**
 * `npm run dev`'s stack on free ports (nothing persisted, the demo seeded) and Debian's
 * headless Chromium, started before the calling test file's tests and stopped after them.
 */
export function browserStack(tempPrefix: string, options: BrowserStackOptions = {}): BrowserStack {
  const run = {} as BrowserStack;
  let stateDir: string | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.`);
    stateDir = mkdtempSync(join(tmpdir(), tempPrefix));
    chmodSync(stateDir, 0o755); // as root, Postgres runs as `postgres` and must enter it
    run.stack = await startOnFreePorts({ persistent: false, stateDir, log: () => {}, appVars: options.appVars });
    await options.onStarted?.(run.stack);
    run.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  }, 240_000);
  afterAll(async () => {
    await run.browser?.close();
    await run.stack?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);
  return run;
}

/**
 * A port free when picked can be taken by a parallel test file before the stack listens on
 * it: then the stack stops what it started, and we pick new ports and start again.
 */
async function startOnFreePorts(opts: Omit<StackOptions, "appPort" | "edgePort" | "pgPort" | "bridgePort">): Promise<Stack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStack({ ...opts, appPort: await freePort(), edgePort: await freePort(), pgPort: await freePort(), bridgePort: await freePort() });
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err;
    }
  }
}

/** Signs a seeded demo account in through the sign-in page and waits to leave it. */
export async function signInDemo(page: Page, appUrl: string, email: string): Promise<void> {
  await page.goto(`${appUrl}/sign-in`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", DEMO_PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}
