import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { hmacHex } from "../../../src/infra/crypto";
import { signFileUrl } from "../../../src/infra/files/signed-urls";
import { newId } from "../../../src/infra/ids";
import { MAX_TAX_FORM_BYTES } from "../../../src/tax-forms/files";
import type { TaxForm } from "../../../src/tax-forms/schemas";
import { call, errorOf, signedInCreator, type Browser } from "../support/fixtures";
import { brandTeam, downloadUrl, enrollCreator, relative, samplePdf, TODAY, uploadForm, uploadPath, type BrandTeam } from "../support/tax-forms";

let creator: { browser: Browser; affiliateId: string };
let team: BrandTeam;
let form: TaxForm;

beforeAll(async () => {
  team = await brandTeam("Error tax brand");
  creator = await signedInCreator();
  await enrollCreator(team.brandId, creator.affiliateId);
  form = await uploadForm(creator.browser, samplePdf("error tests"));
}, 60_000);

async function expectError(res: Response, status: number, code: string, param?: string) {
  expect(res.status).toBe(status);
  const error = await errorOf(res);
  expect(error.code).toBe(code);
  if (param !== undefined) expect(error.param).toBe(param);
  return error;
}

describe("uploads: bad files", () => {
  it("refuses a file that is not a PDF, whatever its declared type", async () => {
    const fake = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const error = await expectError(await creator.browser.upload(uploadPath(), fake), 400, "invalid_request", "file");
    expect(error.message).toContain("not a PDF");
  });

  it("refuses an empty body", async () => {
    await expectError(await creator.browser.upload(uploadPath(), new Uint8Array(0)), 400, "invalid_request", "file");
  });

  it("refuses a file over 10 MB, declared or streamed", async () => {
    const big = samplePdf("big", MAX_TAX_FORM_BYTES + 1);
    await expectError(await creator.browser.upload(uploadPath(), big), 413, "payload_too_large", "file");

    // Without a Content-Length the size is enforced while reading.
    const chunk = new Uint8Array(1024 * 1024).fill(0x25);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_TAX_FORM_BYTES) return controller.close();
        controller.enqueue(sent === 0 ? samplePdf("stream", chunk.byteLength) : chunk);
        sent += chunk.byteLength;
      },
    });
    await expectError(await creator.browser.upload(uploadPath(), stream), 413, "payload_too_large", "file");
  });

  it("accepts a file of exactly 10 MB", async () => {
    const res = await creator.browser.upload(uploadPath(), samplePdf("limit", MAX_TAX_FORM_BYTES));
    expect(res.status).toBe(201);
  });

  it("refuses other content types with 415, JSON and forms included", async () => {
    for (const type of ["text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json", "application/octet-stream"]) {
      await expectError(await creator.browser.upload(uploadPath(), samplePdf(), type), 415, "unsupported_media_type", "file");
    }
  });
});

describe("uploads: bad metadata", () => {
  it("names the form type when it is missing or unknown", async () => {
    await expectError(await creator.browser.upload(`/api/me/tax-forms?signed_on=${TODAY}`, samplePdf()), 400, "invalid_request", "form_type");
    await expectError(await creator.browser.upload(uploadPath("w8"), samplePdf()), 400, "invalid_request", "form_type");
    await expectError(await creator.browser.upload(uploadPath("W9"), samplePdf()), 400, "invalid_request", "form_type");
  });

  it("names the signature date when it is missing, malformed, not a date, in the future, or too old for a W-8", async () => {
    await expectError(await creator.browser.upload("/api/me/tax-forms?form_type=w9", samplePdf()), 400, "invalid_request", "signed_on");
    await expectError(await creator.browser.upload(uploadPath("w9", "20/11/2026"), samplePdf()), 400, "invalid_request", "signed_on");
    await expectError(await creator.browser.upload(uploadPath("w9", "2026-02-30"), samplePdf()), 400, "invalid_request", "signed_on");
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await expectError(await creator.browser.upload(uploadPath("w9", future), samplePdf()), 400, "invalid_request", "signed_on");
    const old = `${new Date().getUTCFullYear() - 4}-06-01`;
    const error = await expectError(await creator.browser.upload(uploadPath("w8ben", old), samplePdf()), 400, "invalid_request", "signed_on");
    expect(error.message).toContain("expired");
    // A W-9 does not expire.
    expect((await creator.browser.upload(uploadPath("w9", old), samplePdf())).status).toBe(201);
  });

  it("refuses a signature date before 2000 for any form (1800, or a year 0000–0099 mistyped)", async () => {
    for (const [type, signedOn] of [["w9", "1800-01-01"], ["w9", "0099-12-31"], ["w8bene", "1999-12-31"]] as const) {
      const error = await expectError(await creator.browser.upload(uploadPath(type, signedOn), samplePdf()), 400, "invalid_request", "signed_on");
      expect(error.message).toContain("before 2000-01-01");
    }
  });

  it("checks metadata before reading the body, and leaves the current form alone on failure", async () => {
    const before = (await (await creator.browser.get("/api/me/tax-forms")).json<{ data: TaxForm[] }>()).data[0]!;
    await expectError(await creator.browser.upload(uploadPath("w9", "nope"), new TextEncoder().encode("not even a pdf")), 400, "invalid_request", "signed_on");
    const after = (await (await creator.browser.get("/api/me/tax-forms")).json<{ data: TaxForm[] }>()).data[0]!;
    expect(after).toEqual(before);
  });
});

describe("signed file URLs", () => {
  let url: string;
  beforeAll(async () => {
    url = relative((await downloadUrl(creator.browser, `/api/me/tax-forms/${form.id}/download-url`)).url);
  });

  const withQuery = (path: string, change: (q: URLSearchParams) => void) => {
    const u = new URL(path, "http://x");
    change(u.searchParams);
    return u.pathname + u.search;
  };

  it("refuses a tampered signature with 403 in the error envelope", async () => {
    const flipped = withQuery(url, (q) => q.set("sig", q.get("sig")!.replace(/^./, (ch) => (ch === "0" ? "1" : "0"))));
    const error = await expectError(await call(flipped), 403, "forbidden");
    expect(error.message).toContain("not valid");
  });

  it("refuses a changed expiry (a longer life) with 403", async () => {
    await expectError(await call(withQuery(url, (q) => q.set("exp", String(Number(q.get("exp")) + 3600)))), 403, "forbidden");
  });

  it("refuses a URL whose signature is for another form with 403", async () => {
    const other = await uploadForm((await signedInCreator()).browser, samplePdf("someone else"));
    await expectError(await call(url.replace(form.id, other.id)), 403, "forbidden");
  });

  it("refuses missing or malformed parameters with 403", async () => {
    await expectError(await call(`/files/tax-forms/${form.id}`), 403, "forbidden");
    await expectError(await call(withQuery(url, (q) => q.delete("sig"))), 403, "forbidden");
    await expectError(await call(withQuery(url, (q) => q.set("exp", "soon"))), 403, "forbidden");
    await expectError(await call(url.replace(form.id, "..%2F..%2Fapi%2Fme")), 403, "forbidden");
  });

  it("answers an expired URL with 410, and an error is never cached", async () => {
    const { path } = await signFileUrl(env.FILE_URL_SECRET, "tax_form", form.id, { now: Date.now() - 6 * 60_000 });
    const res = await call(path);
    const error = await expectError(res, 410, "link_expired");
    expect(error.message).toContain("expired");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a correctly signed URL that lives longer than any URL Rekomi issues", async () => {
    const exp = String(Math.floor(Date.now() / 1000) + 3600);
    const sig = await hmacHex("SHA-256", env.FILE_URL_SECRET, `tax_form\n${form.id}\n${exp}`);
    await expectError(await call(`/files/tax-forms/${form.id}?exp=${exp}&sig=${sig}`), 403, "forbidden");
  });

  it("answers 404 for a correctly signed URL of a form that does not exist", async () => {
    const { path } = await signFileUrl(env.FILE_URL_SECRET, "tax_form", newId("taxForm"));
    await expectError(await call(path), 404, "not_found");
  });
});

describe("download links and reviews: bad requests", () => {
  it("names a malformed form id, and answers 404 for an unknown one", async () => {
    await expectError(await creator.browser.post("/api/me/tax-forms/not-an-id/download-url"), 400, "invalid_request", "taxFormId");
    await expectError(await creator.browser.post(`/api/me/tax-forms/${newId("taxForm")}/download-url`), 404, "not_found", "taxFormId");
  });

  it("needs a reason to reject, and a known decision", async () => {
    const path = `/api/brands/${team.brandId}/tax-forms/${form.id}/review`;
    await expectError(await team.admin.post(path, { decision: "rejected" }), 400, "invalid_request", "reason");
    await expectError(await team.admin.post(path, { decision: "maybe" }), 400, "invalid_request", "decision");
    await expectError(await team.admin.post(path, { decision: "accepted", note: "x" }), 400, "invalid_request");
  });

  it("reviews a form once: a decided or superseded form answers 409", async () => {
    const current = await uploadForm(creator.browser, samplePdf("review once"));
    const path = `/api/brands/${team.brandId}/tax-forms/${current.id}/review`;
    expect((await team.admin.post(path, { decision: "accepted" })).status).toBe(200);
    await expectError(await team.owner.post(path, { decision: "rejected", reason: "Changed my mind." }), 409, "conflict");
    await uploadForm(creator.browser, samplePdf("replacement"));
    await expectError(await team.admin.post(`/api/brands/${team.brandId}/tax-forms/${form.id}/review`, { decision: "accepted" }), 409, "conflict");
  });

  it("names a malformed creator filter on the brand's status list", async () => {
    await expectError(await team.member.get(`/api/brands/${team.brandId}/tax-forms?affiliate_id=bob`), 400, "invalid_request", "affiliate_id");
  });
});
