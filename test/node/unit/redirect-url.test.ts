import { describe, expect, it } from "vitest";
import { ingestType } from "../../../src/ingest/handler";
import { destinationUrl, redirectCode } from "../../../src/tracking/redirect";

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
    expect(redirectCode("https://go.rekomi.com/c/acme-casey")).toBe("acme-casey");
    expect(redirectCode("https://go.rekomi.com/c/acme-casey?utm_source=x")).toBe("acme-casey");
    expect(redirectCode("http://127.0.0.1:8788/c/")).toBe("");
    expect(redirectCode("https://go.rekomi.com/cc/acme")).toBeUndefined();
    expect(redirectCode("https://go.rekomi.com/x/c/acme")).toBeUndefined();
    expect(ingestType("https://go.rekomi.com/v1/track/sale")).toBe("sale");
    expect(ingestType("https://go.rekomi.com/v1/track/lead?x=1")).toBe("lead");
    expect(ingestType("https://go.rekomi.com/v1/tracks/sale")).toBeUndefined();
  });
});
