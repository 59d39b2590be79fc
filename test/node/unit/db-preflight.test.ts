import { describe, expect, it } from "vitest";
import { checkOwnerPrivileges, checkServerVersion, connectAsOwner, parseServerVersionNum } from "../../../scripts/db/preflight";
import { isWorkerFirst } from "../../../scripts/local/app-front";
import { freePort } from "../../../scripts/local/ports";
import { SetupError } from "../../../scripts/local/setup-error";

describe("db:migrate preflight: the server version", () => {
  it("reads server_version_num", () => {
    expect(parseServerVersionNum("150004")).toBe(150004);
    expect(parseServerVersionNum("170002\n")).toBe(170002);
    expect(parseServerVersionNum("15.4")).toBeNaN();
  });

  it("refuses PostgreSQL 15 in one line naming the minimum and Neon's default", () => {
    const check = () => checkServerVersion("150004", "15.4 (Debian 15.4-1.pgdg120+1)");
    expect(check).toThrow(SetupError);
    expect(check).toThrow(/^the server runs PostgreSQL 15\.4; Rekomi needs PostgreSQL 16 or newer \(new Neon projects default to 17\)/);
  });

  it("accepts 16, 17 and 18", () => {
    for (const num of ["160000", "170002", "180004"]) expect(() => checkServerVersion(num, "x")).not.toThrow();
  });

  it("refuses a version it cannot read", () => {
    expect(() => checkServerVersion("", "")).toThrow(/could not read the server's version/);
  });
});

describe("db:migrate preflight: the owner role", () => {
  it("refuses a role without CREATEROLE while Rekomi's roles do not exist", () => {
    expect(() => checkOwnerPrivileges({ user: "app_user", can_create_roles: false, roles_exist: false })).toThrow(/role "app_user" lacks CREATEROLE/);
  });

  it("accepts it once the roles exist, and any role with CREATEROLE", () => {
    expect(() => checkOwnerPrivileges({ user: "x", can_create_roles: false, roles_exist: true })).not.toThrow();
    expect(() => checkOwnerPrivileges({ user: "x", can_create_roles: true, roles_exist: false })).not.toThrow();
  });
});

describe("db:migrate preflight: connecting", () => {
  it("explains a port where nothing listens", async () => {
    const port = await freePort();
    const attempt = connectAsOwner(`postgres://owner:secret@127.0.0.1:${port}/rekomi`);
    await expect(attempt).rejects.toThrow(SetupError);
    await expect(connectAsOwner(`postgres://owner:secret@127.0.0.1:${port}/rekomi`)).rejects.toThrow(`nothing accepts connections at 127.0.0.1:${port}`);
  });

  it("explains a host that does not resolve", async () => {
    await expect(connectAsOwner("postgres://owner:secret@no-such-host.invalid:5432/rekomi")).rejects.toThrow(/the host in DATABASE_URL \(no-such-host\.invalid:5432\) does not resolve/);
  });
});

describe("the dev stack's app front", () => {
  const patterns = ["/v1/*", "/healthz", "/.well-known/*"];
  it("sends run_worker_first paths to the worker, the rest to the dashboard's files", () => {
    expect(isWorkerFirst("/v1/campaigns", patterns)).toBe(true);
    expect(isWorkerFirst("/v1/", patterns)).toBe(true);
    expect(isWorkerFirst("/healthz", patterns)).toBe(true);
    expect(isWorkerFirst("/.well-known/security.txt", patterns)).toBe(true);
    expect(isWorkerFirst("/healthz/x", patterns)).toBe(false);
    expect(isWorkerFirst("/v1x", patterns)).toBe(false);
    expect(isWorkerFirst("/sign-in", patterns)).toBe(false);
  });
});
