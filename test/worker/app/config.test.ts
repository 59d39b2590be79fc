import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import configurationDoc from "../../../docs/configuration.md?raw";
import { appConfig } from "../../../src/infra/app/config";
import { configTableMarkdown } from "../../../src/infra/config-doc";
import { edgeConfig } from "../../../src/infra/edge/config";
import { ConfigError } from "../../../src/infra/env";

/** The test deployment's bindings (vitest.config.ts), as a fresh object each time. */
const bindings = (changes: Record<string, unknown> = {}) => ({ ...(env as unknown as Record<string, unknown>), ...changes });

function failure(parse: (raw: unknown) => unknown, raw: Record<string, unknown>): ConfigError {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    parse(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  } finally {
    logged.mockRestore();
  }
  throw new Error("the configuration was accepted");
}

describe("worker configuration", () => {
  it("parses the environment once per env object and applies only documented defaults", () => {
    const raw = bindings();
    const config = appConfig(raw);
    expect(appConfig(raw)).toBe(config);
    expect(config).toMatchObject({ APP_ENV: "test", APP_ORIGIN: "http://worker.test", TRACKING_BASE_URL: "https://go.rekomi.test", RESEND_API_URL: "https://api.resend.com" });
    expect(config.WEBHOOKS).toBe(env.WEBHOOKS);
  });

  it("fails closed on a missing required variable, naming it (503 service_unavailable)", () => {
    const required = ["DATABASE_URL", "APP_ENV", "APP_ORIGIN", "TRACKING_BASE_URL", "SESSION_SECRET", "PASSWORD_PEPPER", "FILE_URL_SECRET", "CLICK_SIGNING_SECRET", "SECRETS_ENCRYPTION_KEY", "EMAIL_TRANSPORT", "EMAIL_FROM", "TAX_FORMS", "WEBHOOKS", "ASSETS"];
    for (const name of required) {
      const err = failure(appConfig, bindings({ [name]: undefined }));
      expect.soft(err.message, name).toContain(`\`${name}\` is not set`);
      expect.soft(err.code, name).toBe("service_unavailable");
      expect.soft(err.status, name).toBe(503);
    }
    for (const name of ["DATABASE_URL", "APP_ENV", "CLICK_SIGNING_SECRET", "SECRETS_ENCRYPTION_KEY", "CLICKS_QUEUE", "EVENTS_QUEUE"]) {
      expect.soft(failure(edgeConfig, bindings({ [name]: undefined })).message, name).toContain(`\`${name}\` is not set`);
    }
  });

  it("refuses an invalid value with the reason, never a lax fallback", () => {
    const cases: [string, unknown, RegExp][] = [
      ["APP_ENV", "staging", /`APP_ENV` Invalid option/],
      ["SESSION_SECRET", "short", /`SESSION_SECRET` must be a random secret of at least 32 characters/],
      ["SECRETS_ENCRYPTION_KEY", btoa("sixteen bytes!!!"), /`SECRETS_ENCRYPTION_KEY` must be 32 bytes, base64-encoded/],
      ["DATABASE_URL", "mysql://x", /`DATABASE_URL` must be a postgres:\/\/ URL/],
      ["TRACKING_BASE_URL", "go.rekomi.com", /`TRACKING_BASE_URL` must be an http\(s\) URL/],
      ["APP_ORIGIN", "https://app.rekomi.com/dashboard", /`APP_ORIGIN` must be an origin such as https:\/\/app.example.com, without a path/],
      ["EMAIL_TRANSPORT", "smtp", /`EMAIL_TRANSPORT` Invalid option/],
      ["TAX_FORMS", "not a bucket", /`TAX_FORMS` must be an R2 bucket binding/],
    ];
    for (const [name, value, message] of cases) expect.soft(failure(appConfig, bindings({ [name]: value })).message, name).toMatch(message);
  });

  it("names every problem at once, and logs names and reasons but never values", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(() => appConfig(bindings({ SESSION_SECRET: undefined, FILE_URL_SECRET: "leaky-but-short" }))).toThrow(
        "Server misconfigured (app worker): `SESSION_SECRET` is not set; `FILE_URL_SECRET` must be a random secret of at least 32 characters.",
      );
      const line = String(logged.mock.calls[0]?.[0]);
      expect(JSON.parse(line)).toMatchObject({ level: "error", message: "invalid worker configuration", worker: "app" });
      expect(line).not.toContain("leaky-but-short");
    } finally {
      logged.mockRestore();
    }
  });

  it("keeps production's rules: no dev mailbox, and Resend needs its key", () => {
    expect(failure(appConfig, bindings({ APP_ENV: "production", EMAIL_TRANSPORT: "mailbox" })).message).toContain("`EMAIL_TRANSPORT` cannot be `mailbox` in production");
    expect(failure(appConfig, bindings({ EMAIL_TRANSPORT: "resend" })).message).toContain("`RESEND_API_KEY` is required when email goes through Resend");
  });

  it("takes the local database bridge only on the loopback (it carries DATABASE_URL in clear)", () => {
    for (const parse of [appConfig, edgeConfig]) {
      for (const bridge of ["127.0.0.1:4010", "localhost:4010", "[::1]:4010"]) expect.soft(parse(bindings({ LOCAL_DB_BRIDGE: bridge })).LOCAL_DB_BRIDGE, bridge).toBe(bridge);
      for (const bridge of ["db.internal.example:4010", "10.0.0.5:4010", "127.0.0.1.nip.io:4010", "127.0.0.1"]) {
        expect.soft(failure(parse, bindings({ LOCAL_DB_BRIDGE: bridge })).message, bridge).toContain("`LOCAL_DB_BRIDGE` must be host:port on the loopback (127.0.0.1, localhost or [::1])");
      }
    }
  });

  it("normalizes origins, so links and the CSRF check compare like with like", () => {
    const config = appConfig(bindings({ APP_ORIGIN: "https://App.Rekomi.com/", TRACKING_BASE_URL: "https://go.rekomi.com:8443" }));
    expect(config.APP_ORIGIN).toBe("https://app.rekomi.com");
    expect(config.TRACKING_BASE_URL).toBe("https://go.rekomi.com:8443");
  });

  it("is what docs/configuration.md shows", () => {
    expect(configurationDoc).toContain(configTableMarkdown());
  });
});
