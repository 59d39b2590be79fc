import { describe, expect, it } from "vitest";
import { hotPath } from "../../../src/infra/edge/hot-paths";
import { destinationUrl } from "../../../src/tracking/destination";

const CLICK = "clk_" + "A".repeat(56);

describe("the redirect's destination", () => {
  it("appends rk_click to destinations with and without a query, keeping the fragment last", () => {
    expect(destinationUrl("https://acme.example/", "", CLICK)).toBe(`https://acme.example/?rk_click=${CLICK}`);
    expect(destinationUrl("https://acme.example/pricing?ref=partners", "", CLICK)).toBe(`https://acme.example/pricing?ref=partners&rk_click=${CLICK}`);
    expect(destinationUrl("https://acme.example/p?", "", CLICK)).toBe(`https://acme.example/p?rk_click=${CLICK}`);
    expect(destinationUrl("https://acme.example/p?a=1&", "", CLICK)).toBe(`https://acme.example/p?a=1&rk_click=${CLICK}`);
    expect(destinationUrl("https://acme.example/p?a=1#plans", "", CLICK)).toBe(`https://acme.example/p?a=1&rk_click=${CLICK}#plans`);
  });

  it("forwards the visitor's parameters, encoded, except rk_click and those the destination sets", () => {
    const url = destinationUrl("https://acme.example/p?plan=pro%20plus", "plan=free&utm_source=yt&tag=a&tag=b&q=a+b%26c&rk_click=clk_forged&empty=", CLICK);
    expect(url).toBe(`https://acme.example/p?plan=pro%20plus&utm_source=yt&tag=a&tag=b&q=a%20b%26c&empty=&rk_click=${CLICK}`);
    const params = new URL(url).searchParams;
    expect(params.getAll("rk_click")).toEqual([CLICK]);
    expect(params.get("plan")).toBe("pro plus");
    expect(params.get("q")).toBe("a b&c");
  });

  it("recognizes hot-path URLs without parsing them", () => {
    expect(hotPath("GET", "https://go.rekomi.com/c/acme-casey")).toEqual({ kind: "redirect", code: "acme-casey" });
    expect(hotPath("HEAD", "https://go.rekomi.com/c/acme-casey?utm_source=x")).toEqual({ kind: "redirect", code: "acme-casey" });
    expect(hotPath("GET", "http://127.0.0.1:8788/c/")).toEqual({ kind: "redirect", code: "" });
    expect(hotPath("POST", "https://go.rekomi.com/c/acme-casey")).toBeUndefined();
    expect(hotPath("GET", "https://go.rekomi.com/cc/acme")).toBeUndefined();
    expect(hotPath("GET", "https://go.rekomi.com/x/c/acme")).toBeUndefined();
    expect(hotPath("POST", "https://go.rekomi.com/v1/track/sale")).toEqual({ kind: "ingest", type: "sale" });
    expect(hotPath("POST", "https://go.rekomi.com/v1/track/lead?x=1")).toEqual({ kind: "ingest", type: "lead" });
    expect(hotPath("GET", "https://go.rekomi.com/v1/track/lead")).toBeUndefined();
    expect(hotPath("POST", "https://go.rekomi.com/v1/tracks/sale")).toBeUndefined();
    expect(hotPath("POST", "https://go.rekomi.com/webhooks/stripe/gwc_1?x=1")).toEqual({ kind: "gateway", gateway: "stripe", connectionId: "gwc_1" });
    expect(hotPath("GET", "https://go.rekomi.com/webhooks/braintree/gwc_1?bt_challenge=ab")).toEqual({ kind: "gateway", gateway: "braintree", connectionId: "gwc_1" });
    expect(hotPath("POST", "https://go.rekomi.com/webhooks/stripe")).toEqual({ kind: "gateway", gateway: "stripe", connectionId: "" });
    expect(hotPath("PUT", "https://go.rekomi.com/webhooks/stripe/gwc_1")).toBeUndefined();
    expect(hotPath("POST", "https://go.rekomi.com/webhooks/payouts/stripe")).toEqual({ kind: "payouts", route: "platform" });
    expect(hotPath("POST", "https://go.rekomi.com/webhooks/payouts/stripe-connect?x=1")).toEqual({ kind: "payouts", route: "connect" });
    // Anything else under /webhooks/payouts/ is no payouts route: the gateway route answers 404 for gateway "payouts".
    expect(hotPath("POST", "https://go.rekomi.com/webhooks/payouts/paddle")).toEqual({ kind: "gateway", gateway: "payouts", connectionId: "paddle" });
  });
});
