import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../../src/auth/rate-limits";
import { SUPERSEDED_FILE_RETENTION_DAYS, purgeSupersededTaxFormFiles } from "../../../src/tax-forms/retention";
import { errorOf, signedInCreator, usingDb } from "../support/fixtures";
import { auditOf, samplePdf, storedForm, uploadForm, uploadPath } from "../support/tax-forms";

const DAY = 86_400_000;

describe("tax form uploads are rate limited per creator", () => {
  it("refuses the upload past the limit with 429 and Retry-After, and counts per creator", async () => {
    const creator = await signedInCreator();
    for (let i = 0; i < LIMITS.taxFormUploadsPerCreator.max; i++) await uploadForm(creator.browser, samplePdf(`W-9 #${i}`));
    const refused = await creator.browser.upload(uploadPath(), samplePdf("one too many"));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await errorOf(refused)).code).toBe("rate_limited");
    // Another creator is not affected.
    const other = await signedInCreator();
    expect((await other.browser.upload(uploadPath(), samplePdf())).status).toBe(201);
  });
});

describe("superseded tax form files leave R2 after the retention window", () => {
  it("deletes the file, keeps the row and the audit trail, and records the purge", async () => {
    const creator = await signedInCreator();
    const first = await uploadForm(creator.browser, samplePdf("first"));
    const second = await uploadForm(creator.browser, samplePdf("second"));
    const old = await storedForm(first.id);
    expect(old.status).toBe("superseded");
    expect(await env.TAX_FORMS.head(old.objectKey)).not.toBeNull();

    // Within the window nothing happens.
    const justBefore = new Date(old.supersededAt!.getTime() + SUPERSEDED_FILE_RETENTION_DAYS * DAY - 60_000);
    await usingDb((db) => purgeSupersededTaxFormFiles(db, env.TAX_FORMS, justBefore));
    expect(await env.TAX_FORMS.head(old.objectKey)).not.toBeNull();
    expect((await storedForm(first.id)).filePurgedAt).toBeNull();

    // After it, the superseded file goes; the current form's file stays.
    const after = new Date(old.supersededAt!.getTime() + SUPERSEDED_FILE_RETENTION_DAYS * DAY + 60_000);
    await usingDb((db) => purgeSupersededTaxFormFiles(db, env.TAX_FORMS, after));
    expect(await env.TAX_FORMS.head(old.objectKey)).toBeNull();
    const current = await storedForm(second.id);
    expect(await env.TAX_FORMS.head(current.objectKey)).not.toBeNull();
    expect(current.filePurgedAt).toBeNull();

    const purged = await storedForm(first.id);
    expect(purged).toMatchObject({ status: "superseded", sha256: old.sha256, formType: old.formType, signedOn: old.signedOn });
    expect(purged.filePurgedAt).toBeInstanceOf(Date);
    const trail = (await auditOf(first.id)).map((e) => e.action);
    expect(trail).toEqual(["tax_form.submitted", "tax_form.file_purged"]);
    const [event] = (await auditOf(first.id)).filter((e) => e.action === "tax_form.file_purged");
    expect(event).toMatchObject({ actorType: "system", subjectUserId: creator.userId, brandId: null });

    // Running again changes nothing.
    expect(await usingDb((db) => purgeSupersededTaxFormFiles(db, env.TAX_FORMS, after))).toBe(0);
    expect((await auditOf(first.id)).filter((e) => e.action === "tax_form.file_purged")).toHaveLength(1);
  });
});
