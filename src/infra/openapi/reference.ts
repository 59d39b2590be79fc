/**
 * Renders the OpenAPI document as a self-contained HTML reference (no CDN scripts, so it
 * works offline and under a strict CSP). Generated from the same document as
 * /v1/openapi.json, which is generated from the zod schemas that validate requests.
 */

type Json = Record<string, any>;

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

const code = (s: string) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>");

function refName(ref: string): string {
  return ref.split("/").pop()!;
}

function typeOf(schema: Json): string {
  if (!schema) return "any";
  if (schema.$ref) return `<a href="#schema-${esc(refName(schema.$ref))}">${esc(refName(schema.$ref))}</a>`;
  if (schema.enum) return schema.enum.map((v: unknown) => `<code>${esc(JSON.stringify(v))}</code>`).join(" | ");
  if (schema.const !== undefined) return `<code>${esc(JSON.stringify(schema.const))}</code>`;
  if (schema.anyOf || schema.oneOf) return (schema.anyOf ?? schema.oneOf).map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  const t = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "object");
  return esc(t);
}

function fieldsTable(schema: Json, prefix = ""): string {
  const props = schema?.properties as Json | undefined;
  if (!props) return "";
  const required = new Set<string>(schema.required ?? []);
  const rows = (Object.entries(props) as [string, Json][]).map(([name, s]) => {
    const nested = s.type === "object" && s.properties ? fieldsTable(s, `${prefix}${name}.`) : "";
    return `<tr><td><code>${esc(prefix + name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ""}</td><td>${typeOf(s)}</td><td>${code(s.description ?? "")}</td></tr>${nested ? `<tr><td colspan="3">${nested}</td></tr>` : ""}`;
  });
  return `<table><thead><tr><th>field</th><th>type</th><th>description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function operation(path: string, method: string, op: Json): string {
  const anchor = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-");
  const params = (op.parameters ?? []) as Json[];
  const paramRows = params
    .map((p) => `<tr><td><code>${esc(p.name)}</code> <small>${esc(p.in)}</small>${p.required ? ' <span class="req">required</span>' : ""}</td><td>${typeOf(p.schema)}</td><td>${code(p.description ?? p.schema?.description ?? "")}</td></tr>`)
    .join("");
  const body = op.requestBody?.content?.["application/json"]?.schema;
  const responses = (Object.entries(op.responses ?? {}) as [string, Json][])
    .map(([status, r]) => `<li><code>${esc(status)}</code> ${code(r.description ?? "")} ${r.content ? typeOf(r.content["application/json"]?.schema) : ""}</li>`)
    .join("");
  return `<section id="${anchor}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
  <p><strong>${esc(op.summary ?? "")}</strong></p>${op.description ? `<p>${code(op.description)}</p>` : ""}
  ${paramRows ? `<h4>Parameters</h4><table><thead><tr><th>name</th><th>type</th><th>description</th></tr></thead><tbody>${paramRows}</tbody></table>` : ""}
  ${body ? `<h4>Body</h4><p>${typeOf(body)}</p>` : ""}
  <h4>Responses</h4><ul>${responses}</ul>
</section>`;
}

export function renderReference(doc: Json): string {
  const ops: string[] = [];
  const nav: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Json][]) {
    for (const method of ["get", "post", "patch", "put", "delete"]) {
      if (!item[method]) continue;
      ops.push(operation(path, method, item[method]));
      nav.push(`<li><a href="#${`${method}-${path}`.replace(/[^a-z0-9]+/gi, "-")}"><span class="m ${method}">${method.toUpperCase()}</span> ${esc(path)}</a></li>`);
    }
  }
  const schemas = (Object.entries(doc.components?.schemas ?? {}) as [string, Json][])
    .map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${fieldsTable(s) || `<p>${typeOf(s)}</p>`}</section>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info?.title)} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#1d2330}
nav{width:300px;flex:none;height:100vh;overflow:auto;position:sticky;top:0;background:#f5f6f8;padding:16px;box-sizing:border-box}
nav ul{list-style:none;padding:0}nav li{margin:4px 0}nav a{color:inherit;text-decoration:none;font-size:13px}
main{padding:24px 40px;max-width:960px}code{background:#f0f1f4;padding:1px 4px;border-radius:3px;font-size:13px}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid #e4e6eb;padding:6px;text-align:left;vertical-align:top;font-size:14px}
.m{font-weight:700;font-size:11px;padding:2px 5px;border-radius:3px;color:#fff}.get{background:#2f7d4a}.post{background:#2457c5}.patch{background:#b7791f}.delete{background:#c53030}
.req{color:#c53030;font-size:11px}section{border-top:1px solid #e4e6eb;padding-top:8px;margin-top:24px}
</style></head><body>
<nav><strong>${esc(doc.info?.title)}</strong><p><a href="/v1/openapi.json">openapi.json</a></p><ul>${nav.join("")}</ul></nav>
<main><h1>${esc(doc.info?.title)} <small>${esc(doc.info?.version)}</small></h1><p>${code(doc.info?.description ?? "")}</p>
<h2>Endpoints</h2>${ops.join("")}<h2>Schemas</h2>${schemas}</main></body></html>`;
}
