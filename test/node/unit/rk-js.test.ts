import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { newId } from "../../../src/infra/ids";
import { clickSigningKey, mintClickId } from "../../../src/tracking/click-id";
import { RK_JS } from "../../../src/tracking/rk-js";

interface FakeInput {
  type: string;
  name: string;
  value: string;
}
interface FakeForm {
  inputs: FakeInput[];
  querySelector(selector: string): FakeInput | null;
  appendChild(input: FakeInput): void;
}
interface Rekomi {
  clickId(): string | null;
  stripe(params?: Record<string, unknown>): Record<string, unknown>;
  paddle(data?: Record<string, unknown>): Record<string, unknown>;
  field(form: FakeForm): void;
}

function form(): FakeForm {
  const f: FakeForm = {
    inputs: [],
    querySelector: (selector) => f.inputs.find((i) => selector === `input[name=${i.name}]`) ?? null,
    appendChild: (input) => void f.inputs.push(input),
  };
  return f;
}

/** Runs rk.js in a minimal browser stand-in: a URL, a cookie jar, a few elements. */
function loadPage(url: string, opts: { cookies?: Map<string, { value: string; attrs: string }>; now: number; domain?: string }) {
  const cookies = opts.cookies ?? new Map<string, { value: string; attrs: string }>();
  const forms = [form()];
  const links = [{ href: "https://buy.stripe.com/test_abc?prefilled_email=a%40b.c" }, { href: "https://example.com/other" }];
  const location = new URL(url);
  const document = {
    currentScript: { getAttribute: (name: string) => (name === "data-domain" ? (opts.domain ?? null) : null) },
    readyState: "complete",
    get cookie() {
      return [...cookies].map(([k, v]) => `${k}=${v.value}`).join("; ");
    },
    set cookie(text: string) {
      const [pair, ...attrs] = text.split("; ");
      const [name, value] = pair!.split("=");
      cookies.set(name!, { value: value!, attrs: attrs.join("; ") });
    },
    querySelectorAll: (selector: string) => (selector.startsWith("form") ? forms : links.filter((l) => l.href.startsWith("https://buy.stripe.com/"))),
    createElement: () => ({ type: "", name: "", value: "" }),
    addEventListener: () => {},
  };
  const window: Record<string, unknown> = { location };
  const RealDate = Date;
  const FixedDate = class extends RealDate {
    static override now() {
      return opts.now;
    }
  };
  runInNewContext(RK_JS, { window, document, URL, URLSearchParams, atob, Object, Math, Date: FixedDate });
  return { rekomi: window.rekomi as Rekomi, cookies, forms, links };
}

const key = () => clickSigningKey("rk-js-test-secret-0123456789abcdefghij");
const DAY = 86_400_000;

describe("rk.js", () => {
  it("stays under 2 KB gzipped", () => {
    expect(gzipSync(RK_JS, { level: 9 }).length).toBeLessThan(2048);
  });

  it("keeps rk_click in a first-party cookie that expires when the click's window does", async () => {
    const clickedAt = Date.UTC(2026, 10, 20, 12);
    const id = await mintClickId(await key(), { linkId: newId("link"), clickedAt, windowDays: 30, firstClick: false });
    const now = clickedAt + 60_000;
    const page = loadPage(`https://acme.example/pricing?plan=pro&rk_click=${id}`, { now, domain: ".acme.example" });
    const cookie = page.cookies.get("rk_click")!;
    expect(cookie.value).toBe(id);
    expect(cookie.attrs).toContain(`Max-Age=${Math.floor((clickedAt + 30 * DAY - now) / 1000)}`);
    expect(cookie.attrs).toContain("Path=/");
    expect(cookie.attrs).toContain("SameSite=Lax");
    expect(cookie.attrs).toContain("Domain=.acme.example");
    expect(cookie.attrs).toContain("Secure");
    expect(page.rekomi.clickId()).toBe(id);

    // A later page without the parameter still knows the click.
    const later = loadPage("https://acme.example/signup", { now: now + DAY, cookies: page.cookies });
    expect(later.rekomi.clickId()).toBe(id);
  });

  it("hands the click id to Stripe Checkout, Paddle, forms and Stripe Payment Links", async () => {
    const id = await mintClickId(await key(), { linkId: newId("link"), clickedAt: Date.now(), windowDays: 30, firstClick: false });
    const page = loadPage(`https://acme.example/?rk_click=${id}`, { now: Date.now() });
    expect(page.rekomi.stripe({ mode: "subscription", metadata: { plan: "pro" }, subscription_data: { trial_period_days: 14 } })).toEqual({
      mode: "subscription",
      client_reference_id: id,
      metadata: { plan: "pro", rk_click: id },
      // Stripe copies session metadata to neither the subscription nor its invoices.
      subscription_data: { trial_period_days: 14, metadata: { rk_click: id } },
    });
    // subscription_data is refused by Stripe outside subscription mode.
    expect(page.rekomi.stripe({ mode: "payment" })).toEqual({ mode: "payment", client_reference_id: id, metadata: { rk_click: id } });
    expect(page.rekomi.paddle({ seat: 3 })).toEqual({ seat: 3, rk_click: id });
    expect(page.forms[0]!.inputs).toEqual([{ type: "hidden", name: "rk_click", value: id }]);
    expect(new URL(page.links[0]!.href).searchParams.get("client_reference_id")).toBe(id);
    expect(new URL(page.links[0]!.href).searchParams.get("prefilled_email")).toBe("a@b.c");
    expect(page.links[1]!.href).toBe("https://example.com/other");
  });

  it("keeps the first click on first-click campaigns, takes the latest otherwise, and ignores junk and expired clicks", async () => {
    const k = await key();
    const t0 = Date.now() - 5 * DAY;
    const first = await mintClickId(k, { linkId: newId("link"), clickedAt: t0, windowDays: 30, firstClick: true });
    const secondFirstClick = await mintClickId(k, { linkId: newId("link"), clickedAt: t0 + DAY, windowDays: 30, firstClick: true });
    const lastClick = await mintClickId(k, { linkId: newId("link"), clickedAt: t0 + 2 * DAY, windowDays: 30, firstClick: false });
    const expired = await mintClickId(k, { linkId: newId("link"), clickedAt: t0 - 60 * DAY, windowDays: 30, firstClick: false });
    const now = Date.now();
    const jar = loadPage(`https://acme.example/?rk_click=${first}`, { now }).cookies;
    expect(loadPage(`https://acme.example/?rk_click=${secondFirstClick}`, { now, cookies: jar }).rekomi.clickId()).toBe(first);
    expect(loadPage(`https://acme.example/?rk_click=${lastClick}`, { now, cookies: jar }).rekomi.clickId()).toBe(lastClick);
    expect(loadPage("https://acme.example/?rk_click=clk_not-a-click", { now, cookies: jar }).rekomi.clickId()).toBe(lastClick);

    const fresh = loadPage(`http://acme.example/?rk_click=${expired}`, { now });
    expect(fresh.cookies.size).toBe(0);
    expect(loadPage("https://acme.example/", { now }).rekomi.clickId()).toBeNull();
    expect(loadPage("https://acme.example/", { now }).rekomi.paddle()).toEqual({});
  });
});
