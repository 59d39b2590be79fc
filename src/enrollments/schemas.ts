import { z } from "@hono/zod-openapi";
import { Affiliate, CreatorRef, creatorForBrand } from "../creators/affiliates";
import { ENROLLMENT_SOURCES, ENROLLMENT_STATUSES, type affiliates, type enrollments } from "../infra/db/schema";
import { Timestamp } from "../infra/http/schemas";

export const EnrollAffiliate = z
  .object({
    affiliate_id: z.string().regex(/^aff_[0-9a-z]{26}$/, "must be an id starting with aff_"),
    status: z
      .literal("invited", {
        error: "can only be `invited`: a brand offers a place and the creator accepts or declines it; no brand can enroll a creator directly (approved) or file an application for them (pending)",
      })
      .default("invited")
      .openapi({ description: "Always `invited` (the default): the creator is emailed the offer and accepts or declines it in their dashboard." }),
  })
  .strict()
  .openapi("EnrollAffiliate");

export const UpdateEnrollment = z
  .object({
    status: z.enum(["approved", "rejected", "withdrawn", "paused", "ended"]).openapi({
      description: "Approve or reject an application; withdraw an open offer; pause, resume (`approved`) or end an enrollment. Only the creator accepts an offer.",
    }),
  })
  .strict()
  .openapi("UpdateEnrollment");

export const Enrollment = z
  .object({
    id: z.string().openapi({ example: "enr_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("enrollment"),
    campaign_id: z.string(),
    affiliate: CreatorRef,
    status: z.enum(ENROLLMENT_STATUSES).openapi({
      description:
        "`pending`: the creator applied, you decide. `invited`: you offered, the creator decides (`approved` or `declined`), or you withdraw it (`withdrawn`). `approved`: working; `paused`; `ended`. `rejected`, `declined`, `withdrawn` and `ended` are final.",
    }),
    source: z.enum(ENROLLMENT_SOURCES),
    consented_at: Timestamp.nullable().openapi({ description: "When the creator said yes (applied, joined, or accepted your offer)." }),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Enrollment");
export type Enrollment = z.infer<typeof Enrollment>;

/** `creator` is already decided by the one rule (creatorRefForBrand). */
export function serializeEnrollment(e: typeof enrollments.$inferSelect, creator: CreatorRef): Enrollment {
  return {
    id: e.id,
    object: "enrollment",
    campaign_id: e.campaignId,
    affiliate: creator,
    status: e.status,
    source: e.source,
    consented_at: e.consentedAt?.toISOString() ?? null,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

/** An enrollment as the brand's Applications page shows it: with the campaign and the creator's profile (private fields after consent). */
export const Application = Enrollment.extend({ campaign_name: z.string(), profile: Affiliate, decided_at: Timestamp.nullable() }).openapi("Application");
export type Application = z.infer<typeof Application>;

export function serializeApplication(e: typeof enrollments.$inferSelect, a: typeof affiliates.$inferSelect, consented: boolean, campaignName: string): Application {
  const profile = creatorForBrand(a, consented);
  return {
    ...serializeEnrollment(e, { id: profile.id, display_name: profile.display_name, email: profile.email }),
    campaign_name: campaignName,
    profile,
    decided_at: e.decidedAt?.toISOString() ?? null,
  };
}
