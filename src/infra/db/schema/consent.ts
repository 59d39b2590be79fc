import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * Consent, the ONE rule for what a brand sees of a creator. A brand has a creator's consent
 * when the creator joined one of its campaigns themselves (applied and was approved, joined
 * through a link or an invitation, or accepted an offer): an enrollment with `consented_at`
 * (written only when the creator acts, trigger `enrollments_guard_consent`) that is working
 * or was (approved, paused, ended). Everything private of a creator (email, tax form
 * status) is shown to a brand under this rule; tax form files and reviews need one more
 * thing, that the brand pays the creator (a commission).
 */
export const CONSENTED_ENROLLMENT_STATUSES = ["approved", "paused", "ended"] as const;

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

type Ref = AnyPgColumn | SQL;

/** The brand (the principal's, unless named) has the creator's consent. Enrollments RLS scopes the subquery too. */
export function brandHasConsent(affiliateId: Ref, brandId: Ref = sql`app_brand_id()`): SQL {
  return sql`exists (select 1 from enrollments e where e.brand_id = ${brandId} and e.affiliate_id = ${affiliateId} and e.consented_at is not null and e.status in (${quoted(CONSENTED_ENROLLMENT_STATUSES)}))`;
}

/**
 * The brand has the creator's consent and owes or paid it a real earning (live, above zero,
 * not voided: a test-mode sale costs the brand nothing, and a held zero for a sale in another
 * currency, or a voided one, makes no payer either): a payer, who may see and review tax forms.
 */
export function brandPaysCreator(affiliateId: Ref, brandId: Ref = sql`app_brand_id()`): SQL {
  return sql`(${brandHasConsent(affiliateId, brandId)} and exists (select 1 from commissions c where c.brand_id = ${brandId} and c.affiliate_id = ${affiliateId} and c.kind = 'earning' and c.livemode and c.amount > 0 and c.status <> 'voided'))`;
}
