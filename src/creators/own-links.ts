import type { z } from "@hono/zod-openapi";
import { count, eq } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { trackingLinks } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { createLink } from "../links/changes";
import type { CreateLink } from "../links/schemas";
import { findCreatorEnrollment } from "./enrollments";

/** A creator makes a handful of links per campaign; codes are global, so squatting stays bounded. */
export const MAX_CREATOR_LINKS = 20;

const sameSite = (a: string, b: string) => new URL(a).hostname.toLowerCase() === new URL(b).hostname.toLowerCase();

async function countLinks(tx: Tx, enrollmentId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(trackingLinks).where(eq(trackingLinks.enrollmentId, enrollmentId));
  return row?.n ?? 0;
}

/**
 * A creator's own tracking link (affiliate principal): for one of their approved
 * enrollments in an active campaign whose brand lets creators make links, a deep link
 * staying on the campaign's site, at most MAX_CREATOR_LINKS per campaign. RLS admits links
 * only for the creator's own approved enrollments in campaigns that allow it.
 */
export async function createCreatorLink(tx: Tx, input: z.infer<typeof CreateLink>) {
  const found = await findCreatorEnrollment(tx, input.enrollment_id);
  if (!found) throw new DomainError("not_found", `No enrollment ${input.enrollment_id}.`, { param: "enrollment_id" });
  const { enrollment, campaign } = found;
  if (enrollment.status !== "approved") {
    throw new DomainError("conflict", `Enrollment ${enrollment.id} is ${enrollment.status}; links need an approved enrollment.`, { param: "enrollment_id" });
  }
  if (campaign.status !== "active") throw new DomainError("conflict", `The campaign is ${campaign.status}.`, { param: "enrollment_id" });
  if (!campaign.allowCreatorLinks) throw new DomainError("forbidden", `${campaign.name} does not let creators make their own links: ask the brand for one.`);
  if (input.destination_url && !sameSite(input.destination_url, campaign.destinationUrl)) {
    throw new DomainError("invalid_request", `Invalid \`destination_url\`: must be on ${new URL(campaign.destinationUrl).hostname}, the campaign's site.`, {
      param: "destination_url",
    });
  }
  if ((await countLinks(tx, enrollment.id)) >= MAX_CREATOR_LINKS) {
    throw new DomainError("conflict", `You already have ${MAX_CREATOR_LINKS} links for this campaign.`, { param: "enrollment_id" });
  }
  return createLink(tx, enrollment, input);
}
