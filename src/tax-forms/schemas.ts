import { z } from "@hono/zod-openapi";
import { CreatorRef } from "../creators/affiliates";
import { TAX_FORM_DECISIONS, TAX_FORM_STATUSES, TAX_FORM_TYPES, type taxFormReviews, type taxForms } from "../infra/db/schema";
import { PageQuery } from "../infra/http/pagination";
import { Timestamp } from "../infra/http/schemas";
import { MAX_TAX_FORM_BYTES, TAX_FORM_CONTENT_TYPE } from "./files";
import { taxFormExpiresOn } from "./validity";

export const TaxFormType = z.enum(TAX_FORM_TYPES).openapi({ description: "`w9` (US persons), `w8ben` (foreign individuals), `w8bene` (foreign entities)." });

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-11-20")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "is not a real calendar date")
  .openapi({ format: "date", example: "2026-11-20" });

/** The upload's metadata travels in the query string: the body is the PDF itself. */
export const UploadTaxFormQuery = z.object({
  form_type: TaxFormType,
  signed_on: Day.openapi({ description: "The date the form was signed (W-8 forms expire at the end of the third calendar year after it)." }),
});

export const uploadTaxFormBody = {
  content: { [TAX_FORM_CONTENT_TYPE]: { schema: z.string().openapi({ type: "string", format: "binary", description: `The signed form as one PDF, at most ${MAX_TAX_FORM_BYTES / (1024 * 1024)} MB.` }) } },
  required: true,
};

/** One paying brand's own decision about a form. */
export const BrandTaxFormReview = z
  .object({
    brand_id: z.string(),
    decision: z.enum(TAX_FORM_DECISIONS),
    rejection_reason: z.string().nullable(),
    reviewed_at: Timestamp,
  })
  .openapi("BrandTaxFormReview");

export const TaxForm = z
  .object({
    object: z.literal("tax_form"),
    id: z.string(),
    affiliate_id: z.string(),
    form_type: TaxFormType,
    status: z.enum(TAX_FORM_STATUSES).openapi({ description: "The form's own status: only Rekomi staff accept or reject a form for everyone; each paying brand's decision is in `brand_reviews`." }),
    signed_on: z.string().openapi({ format: "date" }),
    /** Null for a W-9, which does not expire. */
    expires_on: z.string().nullable().openapi({ format: "date" }),
    size_bytes: z.number().int(),
    sha256: z.string(),
    /** When Rekomi staff decided (`status` accepted or rejected). */
    reviewed_at: Timestamp.nullable(),
    reviewed_by: z.enum(["rekomi"]).nullable(),
    rejection_reason: z.string().nullable(),
    brand_reviews: z.array(BrandTaxFormReview).openapi({ description: "Paying brands' own decisions: a brand sees only its own; the creator and Rekomi staff see all." }),
    superseded_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .openapi("TaxForm");
export type TaxForm = z.infer<typeof TaxForm>;

type TaxFormRow = typeof taxForms.$inferSelect;
type ReviewRow = typeof taxFormReviews.$inferSelect;

/**
 * Metadata only: the R2 object key never leaves the server. `reviews` are the brand
 * reviews the principal may see (RLS: a brand its own, the creator and staff all).
 */
export function serializeTaxForm(f: TaxFormRow, reviews: readonly ReviewRow[] = []): TaxForm {
  return {
    object: "tax_form",
    id: f.id,
    affiliate_id: f.affiliateId,
    form_type: f.formType,
    status: f.status,
    signed_on: f.signedOn,
    expires_on: taxFormExpiresOn(f.formType, f.signedOn),
    size_bytes: f.sizeBytes,
    sha256: f.sha256,
    reviewed_at: f.reviewedAt?.toISOString() ?? null,
    reviewed_by: f.reviewedAt === null ? null : "rekomi",
    rejection_reason: f.rejectionReason,
    brand_reviews: reviews
      .filter((r) => r.taxFormId === f.id)
      .map((r) => ({ brand_id: r.brandId, decision: r.decision, rejection_reason: r.rejectionReason, reviewed_at: r.reviewedAt.toISOString() })),
    superseded_at: f.supersededAt?.toISOString() ?? null,
    created_at: f.createdAt.toISOString(),
  };
}

/** A brand's view of one creator it pays: the current form and what it means for payouts. */
export const CreatorTaxStatus = z
  .object({
    object: z.literal("creator_tax_status"),
    affiliate: CreatorRef,
    /** The newest form (a newer upload supersedes the older ones); null when none. */
    current_form: TaxForm.nullable(),
    has_valid_form: z.boolean().openapi({ description: "A current form in effect that your brand accepted, or Rekomi staff accepted (and your brand did not reject)." }),
    /** False when the brand requires a tax form and there is no valid one. */
    payouts_allowed: z.boolean(),
  })
  .openapi("CreatorTaxStatus");

export const BrandTaxStatusQuery = PageQuery.extend({
  affiliate_id: z
    .string()
    .regex(/^aff_[0-9a-z]{26}$/, "must be an id starting with aff_")
    .optional()
    .openapi({ description: "Only this creator." }),
});

/** A form in Rekomi staff's review queue, with whose it is. */
export const AdminTaxForm = TaxForm.extend({ affiliate: z.object({ id: z.string(), display_name: z.string(), email: z.string() }) }).openapi("AdminTaxForm");

export const AdminTaxFormQuery = PageQuery.extend({
  status: z.enum(TAX_FORM_STATUSES).optional().openapi({ description: "Only forms in this status (e.g. `submitted`: the review queue)." }),
});

export const ReviewTaxForm = z
  .object({
    decision: z.enum(["accepted", "rejected"]),
    reason: z.string().trim().min(1).max(500).optional().openapi({ description: "Required when rejecting: the creator sees it." }),
  })
  .strict()
  .refine((r) => r.decision !== "rejected" || r.reason !== undefined, { message: "is required when rejecting: tell the creator what to fix", path: ["reason"] })
  .openapi("ReviewTaxForm");

export const TaxFormDownload = z
  .object({
    object: z.literal("tax_form_download"),
    tax_form_id: z.string(),
    /** Opens the PDF without a session until `expires_at`; do not share it. */
    url: z.string().url(),
    expires_at: Timestamp,
  })
  .openapi("TaxFormDownload");
export type TaxFormDownload = z.infer<typeof TaxFormDownload>;
