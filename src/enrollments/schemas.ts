import { z } from "@hono/zod-openapi";
import { Affiliate, serializeAffiliate } from "../affiliates/schemas";
import { ENROLLMENT_SOURCES, ENROLLMENT_STATUSES, type affiliates, type enrollments } from "../db/schema";
import { Timestamp } from "../http/schemas";

export const EnrollAffiliate = z
  .object({
    affiliate_id: z.string().regex(/^aff_[0-9a-z]{26}$/, "must be an id starting with aff_"),
    status: z.enum(["approved", "pending"]).default("approved").openapi({ description: "Enroll directly (`approved`) or as an application to review." }),
  })
  .openapi("EnrollAffiliate");

export const Enrollment = z
  .object({
    id: z.string().openapi({ example: "enr_01jdx3h5c2v7n9q4r8t6w0y2z1" }),
    object: z.literal("enrollment"),
    campaign_id: z.string(),
    affiliate: z.object({ id: z.string(), display_name: z.string(), email: z.string() }),
    status: z.enum(ENROLLMENT_STATUSES),
    source: z.enum(ENROLLMENT_SOURCES),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Enrollment");
export type Enrollment = z.infer<typeof Enrollment>;

export function serializeEnrollment(e: typeof enrollments.$inferSelect, a: Pick<typeof affiliates.$inferSelect, "id" | "displayName" | "email">): Enrollment {
  return {
    id: e.id,
    object: "enrollment",
    campaign_id: e.campaignId,
    affiliate: { id: a.id, display_name: a.displayName, email: a.email },
    status: e.status,
    source: e.source,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

/** An enrollment as the brand's Applications page shows it: with the campaign and the creator's whole profile. */
export const Application = Enrollment.extend({ campaign_name: z.string(), profile: Affiliate, decided_at: Timestamp.nullable() }).openapi("Application");
export type Application = z.infer<typeof Application>;

export function serializeApplication(e: typeof enrollments.$inferSelect, a: typeof affiliates.$inferSelect, campaignName: string): Application {
  // The creator applied to (or works with) this brand, so the brand sees their address.
  return { ...serializeEnrollment(e, a), campaign_name: campaignName, profile: serializeAffiliate(a, true), decided_at: e.decidedAt?.toISOString() ?? null };
}
