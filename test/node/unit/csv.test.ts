import { describe, expect, it } from "vitest";
import { CONVERSION_CSV_COLUMNS, CONVERSION_CSV_HEADER, conversionCsvLine } from "../../../src/conversions/csv";
import { csvField } from "../../../src/infra/http/csv";
import type { Conversion } from "../../../src/conversions/schemas";
import { parseCsv } from "../../support/csv";

function conversion(overrides: Partial<Conversion> = {}): Conversion {
  return {
    id: "cnv_01jdx3h5c2v7n9q4r8t6w0y2z1",
    object: "conversion",
    type: "sale",
    kind: "first_purchase",
    source: "s2s",
    connection_id: null,
    livemode: true,
    credited: true,
    affiliate_id: "aff_01jdx3h5c2v7n9q4r8t6w0y2z1",
    enrollment_id: "enr_01jdx3h5c2v7n9q4r8t6w0y2z1",
    campaign_id: "cmp_01jdx3h5c2v7n9q4r8t6w0y2z1",
    link_id: "lnk_01jdx3h5c2v7n9q4r8t6w0y2z1",
    click_id: "clk_abc",
    customer_id: "cus_01jdx3h5c2v7n9q4r8t6w0y2z1",
    customer_external_id: "cus_42",
    amount: 4900,
    currency: "USD",
    invoice_id: "in_1001",
    product_id: null,
    price_id: null,
    payment_id: null,
    subscription_id: null,
    reference_id: null,
    promo_code: null,
    sale_id: null,
    source_event_id: "tev_01jdx3h5c2v7n9q4r8t6w0y2z1",
    occurred_at: "2026-11-25T09:00:00.000Z",
    created_at: "2026-11-25T09:00:01.000Z",
    attribution: { via: "click", model: "last_click", window_days: 30, clicked_at: "2026-11-20T09:00:00.000Z", link_code: "acme-casey", promo_code: null, reason: null, trail: "click clk_abc on 2026-11-20 through link acme-casey, inside the 30-day window, last click" },
    ...overrides,
  };
}

const cell = (line: string, column: (typeof CONVERSION_CSV_COLUMNS)[number]) => parseCsv(line)[0]![CONVERSION_CSV_COLUMNS.indexOf(column)];

describe("CSV fields", () => {
  it("quotes commas, quotes and line breaks, and leaves plain text alone", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rlf")).toBe('"cr\rlf"');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(true)).toBe("true");
  });

  it("defuses text a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvField("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-cmd")).toBe("'-cmd");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField("-49.00", "number")).toBe("-49.00");
    expect(csvField(4900, "number")).toBe("4900");
  });
});

describe("conversion lines", () => {
  it("has one header and a field per column, reading back to the same values", () => {
    expect(parseCsv(CONVERSION_CSV_HEADER)).toEqual([[...CONVERSION_CSV_COLUMNS]]);
    const line = conversionCsvLine(conversion(), { campaign: "Pro, annual", affiliate: 'Casey "CC" Creator' });
    const [fields] = parseCsv(line);
    expect(fields).toHaveLength(CONVERSION_CSV_COLUMNS.length);
    expect(line.endsWith("\r\n")).toBe(true);
    expect(cell(line, "campaign_name")).toBe("Pro, annual");
    expect(cell(line, "affiliate_name")).toBe('Casey "CC" Creator');
    expect(cell(line, "attribution_trail")).toContain("inside the 30-day window");
    expect(cell(line, "link_code")).toBe("acme-casey");
  });

  it("writes money as the decimal of the major unit beside its currency and the minor units", () => {
    const usd = conversionCsvLine(conversion({ amount: 4900, currency: "USD" }), { campaign: null, affiliate: null });
    expect([cell(usd, "amount"), cell(usd, "currency"), cell(usd, "amount_minor")]).toEqual(["49.00", "USD", "4900"]);
    const jpy = conversionCsvLine(conversion({ amount: 1000, currency: "JPY" }), { campaign: null, affiliate: null });
    expect([cell(jpy, "amount"), cell(jpy, "currency"), cell(jpy, "amount_minor")]).toEqual(["1000", "JPY", "1000"]);
    const kwd = conversionCsvLine(conversion({ amount: 1234, currency: "KWD" }), { campaign: null, affiliate: null });
    expect([cell(kwd, "amount"), cell(kwd, "currency"), cell(kwd, "amount_minor")]).toEqual(["1.234", "KWD", "1234"]);
    // The dashboard's old formatter read 4900 HUF as "HUF 4,900": the CSV follows ISO 4217 too.
    const huf = conversionCsvLine(conversion({ amount: 4900, currency: "HUF" }), { campaign: null, affiliate: null });
    expect([cell(huf, "amount"), cell(huf, "currency"), cell(huf, "amount_minor")]).toEqual(["49.00", "HUF", "4900"]);
    const iqd = conversionCsvLine(conversion({ amount: 1234, currency: "IQD" }), { campaign: null, affiliate: null });
    expect([cell(iqd, "amount"), cell(iqd, "currency"), cell(iqd, "amount_minor")]).toEqual(["1.234", "IQD", "1234"]);
  });

  it("leaves money empty for leads and names empty when not credited", () => {
    const lead = conversionCsvLine(conversion({ type: "lead", amount: null, currency: null, credited: false, affiliate_id: null }), { campaign: null, affiliate: null });
    expect([cell(lead, "amount"), cell(lead, "currency"), cell(lead, "amount_minor"), cell(lead, "affiliate_id"), cell(lead, "credited")]).toEqual(["", "", "", "", "false"]);
  });

  it("defuses a creator's display name that starts like a formula", () => {
    const line = conversionCsvLine(conversion(), { campaign: null, affiliate: "=cmd|' /C calc'!A0" });
    expect(cell(line, "affiliate_name")).toBe("'=cmd|' /C calc'!A0");
  });
});
