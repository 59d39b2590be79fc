import { describe, expect, it } from "vitest";
import { parseXml, path, textAt, XmlError } from "../../../../src/gateways/braintree/xml";

describe("the Braintree XML reader", () => {
  it("reads elements, attributes, nil values, CDATA and the five entities", () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
      <!-- a comment -->
      <notification>
        <kind>subscription_canceled</kind>
        <subject><subscription>
          <id type="string">a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233;&#x4E2D;</id>
          <description nil="true"/>
          <note><![CDATA[<not> &amp; parsed]]></note>
          <empty></empty>
        </subscription></subject>
      </notification>`);
    expect(root.name).toBe("notification");
    const subscription = path(root, "subject.subscription");
    expect(textAt(subscription, "id")).toBe(`a&b <c> "d" 'e' é中`);
    expect(path(subscription, "id")?.attributes).toEqual({ type: "string" });
    expect(textAt(subscription, "description")).toBeUndefined();
    expect(textAt(subscription, "note")).toBe("<not> &amp; parsed");
    expect(textAt(subscription, "empty")).toBeUndefined();
    expect(textAt(subscription, "missing.deeper")).toBeUndefined();
  });

  it("finds dashed and underscored names alike", () => {
    const root = parseXml("<t><currency_iso_code>USD</currency_iso_code><add-ons/></t>");
    expect(textAt(root, "currency-iso-code")).toBe("USD");
    expect(path(root, "add_ons")?.name).toBe("add-ons");
  });

  it("treats attribute names like __proto__ as plain names", () => {
    const attributes = parseXml(`<a __proto__="x" constructor="y"/>`).attributes;
    expect(Object.keys(attributes)).toEqual(["__proto__", "constructor"]);
    expect(attributes.constructor).toBe("y");
  });

  it("keeps a > inside a quoted attribute value", () => {
    expect(parseXml(`<a title="x > y"><b>1</b></a>`).attributes.title).toBe("x > y");
  });

  it("refuses DOCTYPE, so no entity can be declared or expanded", () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>`;
    expect(() => parseXml(laughs)).toThrow(/DOCTYPE/);
    const external = `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>`;
    expect(() => parseXml(external)).toThrow(XmlError);
  });

  it("leaves unknown entities as text instead of expanding them", () => {
    expect(parseXml("<a>&nbsp;&xxe;&#0;&#x110000;</a>").text).toBe("&nbsp;&xxe;&#0;&#x110000;");
  });

  it.each([
    ["an unclosed element", "<a><b></b>"],
    ["a mismatched close", "<a></b>"],
    ["an unterminated tag", "<a"],
    ["an unterminated comment", "<a><!-- </a>"],
    ["an unterminated CDATA", "<a><![CDATA[ </a>"],
    ["two roots", "<a/><b/>"],
    ["text outside the root", "<a/>trailing"],
    ["no element at all", "just text"],
    ["a nameless tag", "<>x</>"],
  ])("refuses %s", (_label, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });

  it("refuses absurd nesting instead of growing without bound", () => {
    expect(() => parseXml("<a>".repeat(100) + "</a>".repeat(100))).toThrow(/deeply/);
    expect(parseXml("<a>".repeat(60) + "</a>".repeat(60)).name).toBe("a");
  });

  it("refuses absurd element counts", () => {
    expect(() => parseXml(`<a>${"<b/>".repeat(20_001)}</a>`)).toThrow(/too many/);
  });
});
