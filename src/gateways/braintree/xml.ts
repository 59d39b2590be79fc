/**
 * Just enough XML for Braintree webhook payloads. Workers have no DOMParser, and the
 * payload is already authenticated, so this is small and tolerant rather than validating:
 * elements, attributes, text, CDATA, comments and the `<?xml?>` declaration. It never
 * expands entities beyond the five predefined ones and character references, and refuses
 * DOCTYPE outright, so "billion laughs" and external entities cannot happen.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entities decoded, not trimmed. */
  text: string;
}

export class XmlError extends Error {}

const MAX_DEPTH = 64;
const MAX_ELEMENTS = 20_000;

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith("#")) return PREDEFINED[ref] ?? whole;
    const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Index of the `>` closing the tag that starts at `from`, skipping `>` inside quoted attribute values. */
function tagEnd(source: string, from: number): number {
  let quote = "";
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") return i;
  }
  throw new XmlError("unterminated tag");
}

function openTag(inner: string): { name: string; attributes: Record<string, string> } {
  const name = /^[^\s/>]+/.exec(inner)?.[0];
  if (!name) throw new XmlError("a tag has no name");
  // No prototype, so an attribute named __proto__ or constructor is just a name.
  const attributes: Record<string, string> = Object.create(null);
  for (const m of inner.slice(name.length).matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes[m[1] as string] = decode(m[2] ?? m[3] ?? "");
  }
  return { name, attributes };
}

/** Parses `source` into its single root element, or throws XmlError. */
export function parseXml(source: string): XmlElement {
  const document: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [document];
  let count = 0;
  let pos = 0;
  while (pos < source.length) {
    const top = stack[stack.length - 1] as XmlElement;
    const lt = source.indexOf("<", pos);
    top.text += decode(source.slice(pos, lt === -1 ? source.length : lt));
    if (lt === -1) break;
    if (source.startsWith("<!--", lt)) {
      pos = closeOf(source, "-->", lt);
    } else if (source.startsWith("<![CDATA[", lt)) {
      const end = source.indexOf("]]>", lt);
      if (end === -1) throw new XmlError("unterminated CDATA section");
      top.text += source.slice(lt + 9, end);
      pos = end + 3;
    } else if (source.startsWith("<?", lt)) {
      pos = closeOf(source, "?>", lt);
    } else if (source.startsWith("<!", lt)) {
      throw new XmlError("DOCTYPE and other declarations are refused");
    } else if (source.startsWith("</", lt)) {
      const end = tagEnd(source, lt);
      const name = source.slice(lt + 2, end).trim();
      if (name !== top.name) throw new XmlError(`</${name}> closes <${top.name}>`);
      stack.pop();
      pos = end + 1;
    } else {
      const end = tagEnd(source, lt);
      const inner = source.slice(lt + 1, end);
      const selfClosing = inner.endsWith("/");
      const element: XmlElement = { ...openTag(selfClosing ? inner.slice(0, -1) : inner), children: [], text: "" };
      if (++count > MAX_ELEMENTS) throw new XmlError("too many elements");
      top.children.push(element);
      if (!selfClosing) {
        if (stack.length > MAX_DEPTH) throw new XmlError("nested too deeply");
        stack.push(element);
      }
      pos = end + 1;
    }
  }
  if (stack.length !== 1) throw new XmlError(`<${stack[stack.length - 1]?.name}> is never closed`);
  if (document.children.length !== 1 || document.text.trim() !== "") throw new XmlError("expected exactly one root element");
  return document.children[0] as XmlElement;
}

function closeOf(source: string, terminator: string, from: number): number {
  const end = source.indexOf(terminator, from);
  if (end === -1) throw new XmlError(`unterminated ${terminator === "-->" ? "comment" : "declaration"}`);
  return end + terminator.length;
}

/** Braintree mixes `currency-iso-code` and `add_ons`; both spellings find the same child. */
const same = (a: string, b: string) => a.replaceAll("_", "-") === b.replaceAll("_", "-");

/** The first child element named `name`, or undefined. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => same(c.name, name));
}

/** Walks `a.b.c` from `element`, taking the first match at each step. */
export function path(element: XmlElement | undefined, dotted: string): XmlElement | undefined {
  return dotted.split(".").reduce<XmlElement | undefined>((node, name) => child(node, name), element);
}

/** The trimmed text at `dotted`, or undefined when absent, empty, or marked `nil="true"`. */
export function textAt(element: XmlElement | undefined, dotted: string): string | undefined {
  const node = path(element, dotted);
  if (!node || node.attributes.nil === "true") return undefined;
  const text = node.text.trim();
  return text === "" ? undefined : text;
}
