import { beforeAll, describe, expect, it } from "vitest";
import { buildDashboardApi } from "../../../src/infra/api/dashboard";
import { ID_PREFIXES, newId, type IdKind } from "../../../src/infra/ids";
import { Browser, brandOwnedBy, call, createBrand, makePlatformAdmin, signedUpCreator, type BrandFixture } from "../support/fixtures";

/**
 * The one text rule, fuzzed over every write operation of both OpenAPI documents (REST
 * `/v1/openapi.json` and the dashboard API's): for each string field of the request body,
 * each string query parameter and each path parameter, a request whose only fault is one
 * string Postgres cannot store (NUL, or an unpaired surrogate) must get a 4xx envelope
 * naming that field, never a 500. Bodies are built valid from the schemas, so the bad
 * string is what the route sees; requests carry a real API key or a session of a user who
 * owns the brand, has a creator profile and is staff, so they get past every guard.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
};
interface Param {
  name: string;
  in: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
type Doc = { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

const BAD = ["fuzz\u0000text", "fuzz\ud800text"] as const;
const WRITES = ["post", "put", "patch", "delete"];
const prefixToKind = new Map<string, IdKind>((Object.keys(ID_PREFIXES) as IdKind[]).map((kind) => [ID_PREFIXES[kind], kind]));

function resolve(doc: Doc, s: Schema | undefined): Schema {
  let out = s ?? {};
  for (let i = 0; out.$ref && i < 10; i++) out = doc.components?.schemas?.[out.$ref.replace("#/components/schemas/", "")] ?? {};
  const options = out.anyOf ?? out.oneOf;
  if (options) return resolve(doc, options.find((o) => resolve(doc, o).type !== "null") ?? options[0]);
  if (out.allOf) return out.allOf.reduce<Schema>((acc, part) => {
    const r = resolve(doc, part);
    return { ...acc, ...r, properties: { ...acc.properties, ...r.properties }, required: [...(acc.required ?? []), ...(r.required ?? [])] };
  }, {});
  return out;
}

const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type);

/** A valid value of a string schema (ids of the right kind, ISO codes, URLs, dates). */
function stringValue(s: Schema): string {
  if (s.enum?.length) return String(s.enum[0]);
  if (s.const !== undefined) return String(s.const);
  const kind = prefixToKind.get(/^\^(\w+)_/.exec(s.pattern ?? "")?.[1] ?? "");
  if (kind) return newId(kind);
  if (s.pattern === "^[A-Z]{3}$" || s.example === "USD") return "USD";
  if (s.format === "uri" || s.format === "url") return "https://example.com/fuzz";
  if (s.format === "email") return `fuzz+${crypto.randomUUID().slice(0, 8)}@example.com`;
  if (s.format === "date-time") return new Date().toISOString();
  if (s.format === "date") return new Date().toISOString().slice(0, 10);
  if (typeof s.example === "string") return s.example;
  return "fuzz value".padEnd(s.minLength ?? 0, "x").slice(0, s.maxLength ?? 100);
}

/** A valid instance of `schema` with its required properties (and those named in `also`). */
function valueOf(doc: Doc, schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.default !== undefined) return s.default;
  switch (typeOf(s)) {
    case "object": {
      const out: Record<string, unknown> = {};
      if (depth > 6) return out;
      for (const name of s.required ?? []) out[name] = valueOf(doc, s.properties?.[name], depth + 1);
      return out;
    }
    case "array":
      return s.minItems ? [valueOf(doc, s.items, depth + 1)] : [];
    case "integer":
    case "number":
      return typeof s.example === "number" ? s.example : Math.max(1, s.minimum ?? 1);
    case "boolean":
      return false;
    case "string":
      return stringValue(s);
    default:
      return typeof s.example === "string" ? s.example : "fuzz value";
  }
}

/** Every string field reachable in `schema`, as a path (array items as index 0). */
function stringPaths(doc: Doc, schema: Schema | undefined, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  const s = resolve(doc, schema);
  const t = typeOf(s);
  if (t === "string") return [prefix];
  if (depth > 6) return [];
  if (t === "array") return stringPaths(doc, s.items, [...prefix, 0], depth + 1);
  if (t === "object") return Object.entries(s.properties ?? {}).flatMap(([name, p]) => stringPaths(doc, p, [...prefix, name], depth + 1));
  return [];
}

/** `base` with the value at `path` replaced, creating optional parents from their schemas. */
function withValueAt(doc: Doc, schema: Schema | undefined, base: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const s = resolve(doc, schema);
  const [head, ...rest] = path;
  if (typeof head === "number") {
    const items = Array.isArray(base) ? [...base] : [];
    items[0] = withValueAt(doc, s.items, items[0] ?? valueOf(doc, s.items), rest, value);
    return items;
  }
  const obj = { ...((base as Record<string, unknown> | undefined) ?? {}) };
  const child = s.properties?.[head!];
  obj[head!] = withValueAt(doc, child, obj[head!] ?? valueOf(doc, child), rest, value);
  return obj;
}

interface Case {
  label: string;
  method: string;
  path: string;
  query: string;
  body: unknown;
  param: string;
}

/** One case per string field, string query parameter and path parameter of every write operation. */
function casesOf(doc: Doc, fill: (name: string, schema: Schema) => string): Case[] {
  const cases: Case[] = [];
  let n = 0;
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!WRITES.includes(method)) continue;
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(doc, p.schema) }));
      const pathValues = Object.fromEntries(params.filter((p) => p.in === "path").map((p) => [p.name, fill(p.name, p.schema)]));
      const queryValues = Object.fromEntries(params.filter((p) => p.in === "query").map((p) => [p.name, stringValue(p.schema)]));
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const base = bodySchema ? valueOf(doc, bodySchema) : undefined;
      const build = (paths: Record<string, string>, query: Record<string, string>, body: unknown, param: string, label: string) =>
        cases.push({
          label: `${method.toUpperCase()} ${template} ${label}`,
          method: method.toUpperCase(),
          path: template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(paths[name]!)),
          query: new URLSearchParams(query).toString(),
          body,
          param,
        });
      for (const p of params.filter((p) => p.in === "path")) build({ ...pathValues, [p.name]: BAD[0] }, queryValues, base, p.name, `path ${p.name}`);
      for (const p of params.filter((p) => p.in === "query" && typeOf(p.schema) === "string")) build(pathValues, { ...queryValues, [p.name]: BAD[n++ % 2]! }, base, p.name, `query ${p.name}`);
      for (const field of bodySchema ? stringPaths(doc, bodySchema) : []) {
        const bad = BAD[n++ % 2]!;
        build(pathValues, queryValues, withValueAt(doc, bodySchema, base, field, bad), field.join("."), `body ${field.join(".")}`);
      }
    }
  }
  return cases;
}

async function expectRefused(res: Response, c: Case) {
  const text = await res.text();
  expect(res.status, `${c.label}: ${text}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${c.label}: ${text}`).toBeLessThan(500);
  const body = JSON.parse(text) as { error?: { code: string; param?: string } };
  expect(body.error?.param, `${c.label}: ${text}`).toBe(c.param);
}

describe("no write operation stores or crashes on text Postgres cannot store", () => {
  let brand: BrandFixture;
  let browser: Browser;
  let brandId: string;

  beforeAll(async () => {
    brand = await createBrand();
    const creator = await signedUpCreator();
    browser = creator.browser;
    brandId = await brandOwnedBy(browser, "Fuzz brand");
    await makePlatformAdmin(creator.email);
  }, 60_000);

  it("REST API v1: every write operation answers 4xx naming the field", async () => {
    const doc = await (await call("/v1/openapi.json")).json<Doc>();
    const cases = casesOf(doc, (_name, schema) => stringValue(schema));
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      await expectRefused(await call(`${c.path}${c.query ? `?${c.query}` : ""}`, { method: c.method, key: brand.apiKey, ...(c.body !== undefined ? { json: c.body } : {}) }), c);
    }
  }, 120_000);

  it("dashboard API: every write operation answers 4xx naming the field", async () => {
    const doc = buildDashboardApi().getOpenAPI31Document({ openapi: "3.1.0", info: { title: "dashboard", version: "test" } }) as unknown as Doc;
    const cases = casesOf(doc, (name, schema) => (name === "brandId" ? brandId : name === "code" ? "Unknown0000000000000000" : stringValue(schema)));
    expect(cases.length).toBeGreaterThan(50);
    for (const c of cases) await expectRefused(await browser.request(c.method, `${c.path}${c.query ? `?${c.query}` : ""}`, c.body ?? {}), c);
  }, 300_000);
});
