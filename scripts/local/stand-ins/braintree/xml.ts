import { parseXml, type XmlElement } from "../../../../src/gateways/braintree/xml";

/**
 * Braintree's wire format: answers are XML with dashed element names and Rails-style type
 * attributes (`type="array"`, `type="integer"`, `type="datetime"`, `nil="true"`), which the
 * SDKs turn into objects. Requests come as JSON with snake_case keys (the Node SDK) or as
 * the same XML (the Ruby, Python, PHP and Java SDKs); both are read into one plain shape.
 */

/** A value to render: text, a typed scalar, null (`nil="true"`), a list, or nested elements. */
export type XmlValue = string | number | boolean | Date | null | XmlValue[] | { [name: string]: XmlValue };

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Braintree's timestamps: UTC, whole seconds (`2013-10-07T17:26:14Z`). */
export const braintreeTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, "Z");

function element(name: string, value: XmlValue, indent: string, attributes = ""): string {
  const open = `${indent}<${name}${attributes}`;
  if (value === null) return `${open} nil="true"/>`;
  if (value instanceof Date) return `${open} type="datetime">${braintreeTime(value)}</${name}>`;
  if (typeof value === "number") return `${open} type="integer">${value}</${name}>`;
  if (typeof value === "boolean") return `${open} type="boolean">${value}</${name}>`;
  if (typeof value === "string") return `${open}>${escape(value)}</${name}>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${open} type="array"/>`;
    return `${open} type="array">\n${value.map((item) => element(typeof item === "object" && item !== null && !Array.isArray(item) && !(item instanceof Date) ? singular(name) : "item", item, `${indent}  `)).join("\n")}\n${indent}</${name}>`;
  }
  const children = Object.entries(value);
  if (children.length === 0) return `${open}/>`;
  return `${open}>\n${children.map(([child, v]) => element(child, v, `${indent}  `)).join("\n")}\n${indent}</${name}>`;
}

/** `status-history` → `status-event` is Braintree's one irregular plural; the rest drop the `s`. */
const singular = (name: string) => (name === "status-history" ? "status-event" : name.replace(/s$/, ""));

/** One XML document with `root` as its element; `rootAttributes` e.g. ` type="collection"`. */
export function xmlDocument(root: string, value: XmlValue, rootAttributes = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, "", rootAttributes)}\n`;
}

/**
 * A collection root whose repeated children share one name (`<transaction>` inside
 * `<credit-card-transactions type="collection">`): rendered by hand because an object
 * cannot hold one key twice.
 */
export function xmlCollection(root: string, fields: Record<string, XmlValue>, itemName: string, items: XmlValue[]): string {
  const inner = [...Object.entries(fields).map(([name, v]) => element(name, v, "  ")), ...items.map((item) => element(itemName, item, "  "))];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} type="collection">\n${inner.join("\n")}\n</${root}>\n`;
}

/** A request body in the shape the JSON door sends: snake_case keys, arrays for `type="array"`. */
export type Params = { [key: string]: unknown };

function fromXml(node: XmlElement): unknown {
  if (node.attributes.nil === "true") return null;
  if (node.attributes.type === "array") return node.children.map(fromXml);
  if (node.children.length === 0) return node.text.trim();
  const out: Params = {};
  for (const child of node.children) out[child.name.replaceAll("-", "_")] = fromXml(child);
  return out;
}

/** Reads a JSON or XML request body into `{ root: {...} }`; throws on anything else. */
export function readBody(raw: string, contentType: string | undefined): Params {
  if (raw.trim() === "") return {};
  if (/xml/i.test(contentType ?? "")) {
    const root = parseXml(raw);
    return { [root.name.replaceAll("-", "_")]: fromXml(root) };
  }
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("the body must be an object");
  return parsed as Params;
}
