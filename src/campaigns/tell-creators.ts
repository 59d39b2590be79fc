import { and, eq, inArray } from "drizzle-orm";
import { compose, type EmailContent } from "../email/templates";
import type { AppConfig } from "../infra/app/config";
import type { Tx } from "../infra/db/client";
import { affiliates, brands, emailOutbox, enrollments, type campaigns } from "../infra/db/schema";
import { newId } from "../infra/ids";
import { commissionSummary } from "../recruiting/card";
import { MATERIAL_TERM_LABELS, type MaterialTerm } from "./listing";

/**
 * Creators who chose this campaign (approved or paused in it, or waiting on their own
 * application) hear of a change to the terms they rely on: what earns, how much, how long,
 * where their traffic goes. Invited creators who have not answered are not mailed: the
 * offer page shows the terms as they are when they open it.
 */
const TOLD_STATUSES = ["approved", "paused", "pending"] as const;

/** Rows per INSERT: far below Postgres' 65,535 bound parameters. */
const CHUNK = 1_000;

export function termsChanged(opts: { brandName: string; campaignName: string; changes: string[]; commission: string; url: string }): EmailContent {
  return compose(
    `${opts.brandName} changed the terms of ${opts.campaignName}`,
    [
      `${opts.brandName} changed terms of ${opts.campaignName} that you rely on: ${opts.changes.join(", ")}.`,
      `The commission is now ${opts.commission}. Commissions already recorded are not changed.`,
    ],
    { label: "See the campaign's terms", url: opts.url },
    "You receive this because you are in this campaign or applied to it on Rekomi.",
  );
}

/**
 * Queues the mail in the brand's transaction (brand principal: RLS shows only its own
 * enrollments). Fan-out mail is `bulk`: the cron sends it after any other pending mail.
 * Returns how many creators were told.
 */
export async function tellCreatorsAboutTerms(
  tx: Tx,
  config: Pick<AppConfig, "APP_ORIGIN" | "EMAIL_TRANSPORT">,
  campaign: typeof campaigns.$inferSelect,
  changes: MaterialTerm[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const creators = await tx
    .selectDistinct({ email: affiliates.email })
    .from(enrollments)
    .innerJoin(affiliates, eq(affiliates.id, enrollments.affiliateId))
    .where(and(eq(enrollments.campaignId, campaign.id), inArray(enrollments.status, [...TOLD_STATUSES])));
  if (creators.length === 0) return 0;
  const [brand] = await tx.select({ name: brands.name }).from(brands).where(eq(brands.id, campaign.brandId));
  const content = termsChanged({
    brandName: brand?.name ?? "The brand",
    campaignName: campaign.name,
    changes: changes.map((c) => MATERIAL_TERM_LABELS[c]),
    commission: commissionSummary(campaign),
    url: `${config.APP_ORIGIN}/creator/campaigns`,
  });
  // The dev mailbox is the destination itself: such mail is delivered once written (as enqueueEmail).
  const delivered = config.EMAIL_TRANSPORT === "mailbox";
  const rows = creators.map((c) => ({
    id: newId("email"),
    brandId: campaign.brandId,
    toAddress: c.email,
    subject: content.subject,
    textBody: content.text,
    htmlBody: content.html,
    transport: config.EMAIL_TRANSPORT,
    status: delivered ? ("sent" as const) : ("pending" as const),
    sentAt: delivered ? new Date() : null,
    bulk: true,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(emailOutbox).values(rows.slice(i, i + CHUNK));
  return rows.length;
}
