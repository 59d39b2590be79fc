import { describe, expect, it } from "vitest";
import { endpointUrlProblem } from "../../../src/webhooks/url";

// No APP_ENV here: production behaviour is what an unset (or unknown) setting must give.
const PRODUCTION: string | undefined = undefined;

describe("webhook endpoint URLs refuse every special-purpose address (SSRF)", () => {
  it("refuses IPv4-mapped and other embedded-IPv4 IPv6 forms of internal hosts", () => {
    for (const url of [
      "https://[::ffff:127.0.0.1]/x",
      "https://[::ffff:7f00:1]/x",
      "https://[0:0:0:0:0:ffff:7f00:1]/x",
      "https://[::ffff:10.0.0.1]/x",
      "https://[::ffff:a9fe:a9fe]/latest", // 169.254.169.254
      "https://[::127.0.0.1]/x", // IPv4-compatible (deprecated)
      "https://[64:ff9b::7f00:1]/x", // NAT64
      "https://[2002:7f00:1::]/x", // 6to4 of 127.0.0.1
      "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x", // Teredo
    ]) {
      expect.soft(endpointUrlProblem(url, PRODUCTION), url).toBe("must be a public host");
    }
  });

  it("refuses the unspecified, loopback, link-local, unique-local, multicast and documentation IPv6 ranges", () => {
    for (const url of [
      "https://[::]/x",
      "https://[::1]/x",
      "https://[fe80::1]/x",
      "https://[febf::1]/x",
      "https://[fc00::1]/x",
      "https://[fdff::1]/x",
      "https://[ff02::1]/x",
      "https://[2001:db8::1]/x",
      "https://[3fff::1]/x",
      "https://[100::1]/x",
      "https://[2001:2::1]/x",
      "https://[2001:10::1]/x",
      "https://[5f00::1]/x",
      "https://[2620:4f:8000::1]/x",
    ]) {
      expect.soft(endpointUrlProblem(url, PRODUCTION), url).toBe("must be a public host");
    }
  });

  it("refuses every IANA special-purpose IPv4 range, including 198.18.0.0/15, whatever the notation", () => {
    for (const url of [
      "https://0.0.0.0/x",
      "https://0.1.2.3/x",
      "https://10.255.255.255/x",
      "https://100.64.0.1/x",
      "https://100.127.255.254/x",
      "https://127.0.0.1/x",
      "https://127.1/x",
      "https://2130706433/x", // 127.0.0.1 as one number
      "https://0x7f000001/x",
      "https://169.254.169.254/latest",
      "https://172.16.0.1/x",
      "https://172.31.255.255/x",
      "https://192.0.0.8/x",
      "https://192.0.2.10/x",
      "https://192.31.196.1/x",
      "https://192.52.193.1/x",
      "https://192.88.99.1/x",
      "https://192.168.1.1/x",
      "https://192.175.48.1/x",
      "https://198.18.0.1/x",
      "https://198.19.255.254/x",
      "https://198.51.100.7/x",
      "https://203.0.113.9/x",
      "https://224.0.0.1/x",
      "https://239.255.255.250/x",
      "https://240.0.0.1/x",
      "https://255.255.255.255/x",
    ]) {
      expect.soft(endpointUrlProblem(url, PRODUCTION), url).toBe("must be a public host");
    }
  });

  it("refuses internal names, and accepts public hosts and addresses next to the refused ranges", () => {
    for (const url of ["https://localhost/x", "https://localhost./x", "https://a.localhost/x", "https://api.internal/x", "https://printer.local/x", "https://intranet/x"]) {
      expect.soft(endpointUrlProblem(url, PRODUCTION), url).toBe("must be a public host");
    }
    for (const url of [
      "https://hooks.brand.example/rekomi",
      "https://198.17.255.255/x",
      "https://198.20.0.1/x",
      "https://100.63.255.255/x",
      "https://100.128.0.1/x",
      "https://172.15.0.1/x",
      "https://172.32.0.1/x",
      "https://8.8.8.8/x",
      "https://[2606:4700:4700::1111]/x",
      "https://[2a00:1450:4001:82b::200e]/x",
    ]) {
      expect.soft(endpointUrlProblem(url, PRODUCTION), url).toBeNull();
    }
  });

  it("fails closed: without an explicit development or test setting, loopback and http are refused", () => {
    for (const appEnv of [undefined, "", "production", "staging", "Test", "dev"]) {
      expect.soft(endpointUrlProblem("http://127.0.0.1:9999/hooks", appEnv), String(appEnv)).not.toBeNull();
      expect.soft(endpointUrlProblem("https://[::ffff:127.0.0.1]/hooks", appEnv), String(appEnv)).toBe("must be a public host");
    }
    expect(endpointUrlProblem("http://127.0.0.1:9999/hooks", "development")).toBeNull();
    expect(endpointUrlProblem("http://127.0.0.1:9999/hooks", "test")).toBeNull();
  });
});
