import { describe, expect, it } from "vitest";
import { readUpload } from "../../../src/infra/http/upload";
import { isPdf, newTaxFormObjectKey } from "../../../src/tax-forms/files";
import { validFormOnFile, signedOnProblem, taxFormExpiresOn, taxFormsAllowPayout, type TaxFormFacts } from "../../../src/tax-forms/validity";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const accepted = (formType: TaxFormFacts["formType"], signedOn: string): TaxFormFacts => ({ formType, status: "accepted", signedOn });

describe("tax form expiry", () => {
  it("W-8 forms run to the end of the third calendar year after signing; a W-9 does not expire", () => {
    expect(taxFormExpiresOn("w8ben", "2026-01-01")).toBe("2029-12-31");
    expect(taxFormExpiresOn("w8bene", "2026-12-31")).toBe("2029-12-31");
    expect(taxFormExpiresOn("w9", "2001-05-05")).toBeNull();
  });
});

describe("validFormOnFile", () => {
  it("needs an accepted form", () => {
    expect(validFormOnFile([], day("2026-11-25"))).toBe(false);
    for (const status of ["submitted", "rejected", "superseded"] as const) {
      expect(validFormOnFile([{ formType: "w9", status, signedOn: "2026-11-01" }], day("2026-11-25"))).toBe(false);
    }
    expect(validFormOnFile([accepted("w9", "2016-01-01")], day("2026-11-25"))).toBe(true);
  });

  it("counts a W-8 through its last day and not after", () => {
    const form = accepted("w8ben", "2026-03-10");
    expect(validFormOnFile([form], day("2029-12-31"))).toBe(true);
    expect(validFormOnFile([form], day("2030-01-01"))).toBe(false);
  });

  it("is true when any one form qualifies", () => {
    const forms: TaxFormFacts[] = [
      { formType: "w9", status: "submitted", signedOn: "2026-11-20" },
      accepted("w8ben", "2020-01-01"),
      accepted("w8bene", "2025-06-01"),
    ];
    expect(validFormOnFile(forms, day("2026-11-25"))).toBe(true);
  });
});

describe("validFormOnFile for the asking brand", () => {
  const w9 = (status: TaxFormFacts["status"], brandDecision: TaxFormFacts["brandDecision"]): TaxFormFacts => ({ formType: "w9", status, signedOn: "2026-11-01", brandDecision });
  const today = day("2026-11-25");

  it("counts a submitted form the brand itself accepted, not one it has not reviewed", () => {
    expect(validFormOnFile([w9("submitted", "accepted")], today)).toBe(true);
    expect(validFormOnFile([w9("submitted", null)], today)).toBe(false);
  });

  it("lets the brand's own rejection win over a staff acceptance, for that brand only", () => {
    expect(validFormOnFile([w9("accepted", "rejected")], today)).toBe(false);
    expect(validFormOnFile([w9("accepted", null)], today)).toBe(true);
  });

  it("never counts a form staff rejected or a newer upload superseded, whatever the brand decided", () => {
    expect(validFormOnFile([w9("rejected", "accepted")], today)).toBe(false);
    expect(validFormOnFile([w9("superseded", "accepted")], today)).toBe(false);
  });
});

describe("taxFormsAllowPayout", () => {
  it("allows payouts unless the brand requires a valid form that is missing", () => {
    const none: TaxFormFacts[] = [];
    const valid = [accepted("w9", "2026-01-01")];
    expect(taxFormsAllowPayout({ requireTaxForm: false }, none, day("2026-11-25"))).toBe(true);
    expect(taxFormsAllowPayout({ requireTaxForm: true }, none, day("2026-11-25"))).toBe(false);
    expect(taxFormsAllowPayout({ requireTaxForm: true }, valid, day("2026-11-25"))).toBe(true);
  });
});

describe("signature dates at upload", () => {
  const today = day("2026-11-25");
  it("accepts today, the past and tomorrow (time zones), refuses later dates", () => {
    expect(signedOnProblem("w9", "2026-11-25", today)).toBeNull();
    expect(signedOnProblem("w9", "2026-11-26", today)).toBeNull();
    expect(signedOnProblem("w9", "2026-11-27", today)).toMatch(/future/);
  });

  it("refuses a W-8 that has already expired, but not an old W-9", () => {
    expect(signedOnProblem("w8ben", "2022-12-31", today)).toMatch(/expired on 2025-12-31/);
    expect(signedOnProblem("w8ben", "2023-01-01", today)).toBeNull();
    expect(signedOnProblem("w9", "2010-01-01", today)).toBeNull();
  });

  it("refuses absurdly old dates for every form, years 0000–0099 included", () => {
    for (const type of ["w9", "w8ben", "w8bene"] as const) {
      for (const d of ["1800-01-01", "1999-12-31", "0050-06-01", "0000-01-01"]) expect(signedOnProblem(type, d, today), `${type} ${d}`).toMatch(/before 2000-01-01/);
    }
    expect(signedOnProblem("w9", "2000-01-01", today)).toBeNull();
  });
});

describe("PDF files", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it("recognises a PDF by its magic bytes, not its name or type", () => {
    expect(isPdf(bytes("%PDF-1.7\n…"))).toBe(true);
    expect(isPdf(bytes("%PDF-"))).toBe(false);
    expect(isPdf(bytes(" %PDF-1.7"))).toBe(false);
    expect(isPdf(bytes("<html>%PDF-1.7"))).toBe(false);
    expect(isPdf(bytes("PK\u0003\u0004"))).toBe(false);
  });

  it("stores each upload under a fresh random key in the creator's folder", () => {
    const a = newTaxFormObjectKey("aff_01jdx3h5c2v7n9q4r8t6w0y2z1");
    const b = newTaxFormObjectKey("aff_01jdx3h5c2v7n9q4r8t6w0y2z1");
    expect(a).toMatch(/^tax-forms\/aff_01jdx3h5c2v7n9q4r8t6w0y2z1\/[0-9A-Za-z]{32}\.pdf$/);
    expect(a).not.toBe(b);
  });
});

describe("readUpload", () => {
  const upload = (body: BodyInit | null, type = "application/pdf", headers: Record<string, string> = {}) =>
    new Request("https://app.example/upload", { method: "POST", body, headers: { "content-type": type, ...headers }, duplex: "half" } as RequestInit);
  const opts = { contentType: "application/pdf", maxBytes: 16 };
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      const e = err as { code: string; status: number; param?: string };
      return { code: e.code, status: e.status, param: e.param };
    }
    throw new Error("expected a refusal");
  };

  it("returns the body's bytes", async () => {
    expect(await readUpload(upload("%PDF-1.7 hello"), opts)).toEqual(new TextEncoder().encode("%PDF-1.7 hello"));
    expect(await readUpload(upload("%PDF-1.7", "Application/PDF; charset=binary"), opts)).toEqual(new TextEncoder().encode("%PDF-1.7"));
  });

  it("refuses another type (415), an empty body (400) and too many bytes (413), naming `file`", async () => {
    expect(await failure(readUpload(upload("x", "text/plain"), opts))).toEqual({ code: "unsupported_media_type", status: 415, param: "file" });
    expect(await failure(readUpload(upload(null), opts))).toEqual({ code: "invalid_request", status: 400, param: "file" });
    expect(await failure(readUpload(upload("x".repeat(17)), opts))).toEqual({ code: "payload_too_large", status: 413, param: "file" });
  });

  it("stops reading a body without a declared length as soon as it passes the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(8));
      },
    });
    expect((await failure(readUpload(upload(endless), opts))).status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });
});
