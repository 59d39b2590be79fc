import { describe, expect, it } from "vitest";
import { buildDashboardApi } from "../../../src/infra/api/dashboard";
import { buildV1 } from "../../../src/infra/api/v1";

/**
 * One operation, two doors: every `/v1` operation is a brand operation written once
 * (src/infra/api/operation.ts) and mounted on the dashboard too, under the same name and
 * path and with the same permission. Enumerated from both OpenAPI documents, so an
 * operation added to one door only fails here.
 */

interface Operation {
  method: string;
  path: string;
  operationId: string | undefined;
  access: string;
}

function operationsOf(doc: { paths?: Record<string, unknown> }): Operation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Record<string, unknown>>).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId as string | undefined,
      access: String(op["x-rekomi-access"]),
    })),
  );
}

const info = { openapi: "3.1.0", info: { title: "test", version: "test" } };
const v1 = operationsOf(buildV1().getOpenAPI31Document(info));
const dashboard = operationsOf(buildDashboardApi().getOpenAPI31Document(info));
const dashboardById = new Map(dashboard.filter((op) => op.operationId).map((op) => [op.operationId!, op]));

describe("one operation, two doors", () => {
  it("every /v1 operation is a named brand operation", () => {
    expect(v1.length).toBeGreaterThan(30);
    for (const op of v1) {
      expect(op.operationId, `${op.method} ${op.path} has no operationId`).toBeTruthy();
      expect(op.access, `${op.method} ${op.path}`).toMatch(/^brand:[a-z_.]+$/);
    }
  });

  it("every /v1 operation has its dashboard mount, with the same method, path and permission", () => {
    for (const op of v1) {
      const twin = dashboardById.get(op.operationId!);
      expect(twin, `${op.operationId} (${op.method} ${op.path}) has no dashboard mount`).toBeDefined();
      expect(`${twin!.method} ${twin!.path}`).toBe(`${op.method} ${op.path.replace(/^\/v1/, "/api/brands/{brandId}")}`);
      expect(twin!.access, op.operationId).toBe(op.access);
    }
  });

  it("no operation id is used twice on a door", () => {
    for (const door of [v1, dashboard]) {
      const ids = door.map((op) => op.operationId).filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
