import { eq } from "drizzle-orm";
import { withPrincipal } from "../../../src/infra/db/principal";
import * as schema from "../../../src/infra/db/schema";
import { newId } from "../../../src/infra/ids";
import type { TaxForm, TaxFormDownload } from "../../../src/tax-forms/schemas";
import { Browser, ORIGIN, brandOwnedBy, enrollmentIn, inviteAndAccept, recordCommission, signedInCreator, signedUpUser, usingDb } from "./fixtures";

/** Fixtures for tax form tests: PDFs, brands with a full team, payees, and what only the database knows. */

/** A small but well-formed PDF whose bytes say `label` (so two uploads differ); `size` pads it. */
export function samplePdf(label = "W-9", size = 0): Uint8Array<ArrayBuffer> {
  const text = `%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% ${label}\n`;
  const tail = "trailer << /Root 1 0 R >>\n%%EOF\n";
  const pad = Math.max(0, size - text.length - tail.length);
  return new TextEncoder().encode(text + "%".repeat(pad) + tail) as Uint8Array<ArrayBuffer>;
}

export const TODAY = new Date().toISOString().slice(0, 10);

export function uploadPath(formType = "w9", signedOn = TODAY): string {
  return `/api/me/tax-forms?form_type=${formType}&signed_on=${signedOn}`;
}

export async function uploadForm(browser: Browser, bytes = samplePdf(), formType = "w9"): Promise<TaxForm> {
  const res = await browser.upload(uploadPath(formType), bytes);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return res.json<TaxForm>();
}

export interface BrandTeam {
  brandId: string;
  owner: Browser;
  admin: Browser;
  member: Browser;
  viewer: Browser;
  ownerUserId: string;
}

/** A brand made in the dashboard by a signed-in owner. */
export async function ownedBrand(name: string): Promise<{ brandId: string; owner: Browser }> {
  const owner = await signedUpUser();
  return { brandId: await brandOwnedBy(owner.browser, name), owner: owner.browser };
}

/** A brand made in the dashboard, with one teammate in each role. */
export async function brandTeam(name = "Tax brand"): Promise<BrandTeam> {
  const owner = await signedUpUser();
  const brandId = await brandOwnedBy(owner.browser, name);
  const team = { brandId, owner: owner.browser, ownerUserId: owner.userId } as BrandTeam;
  for (const role of ["admin", "member", "viewer"] as const) {
    const person = await signedUpUser();
    await inviteAndAccept(owner.browser, brandId, person, role);
    team[role] = person.browser;
  }
  return team;
}

/**
 * Puts a creator in a new campaign of the brand, with the given enrollment status (made as
 * the product makes it: see enrollmentIn). With `paid` (the default) it also gets a
 * commission, which makes the brand a payer when the creator consented.
 */
export async function enrollCreator(brandId: string, affiliateId: string, status: schema.EnrollmentStatus = "approved", opts: { paid?: boolean } = { paid: true }): Promise<string> {
  const campaignId = newId("campaign");
  const enrollmentId = await usingDb(async (db) => {
    await withPrincipal(db, { kind: "brand", brandId }, async (tx) => {
      await tx.insert(schema.campaigns).values({
        id: campaignId,
        brandId,
        name: "Tax test campaign",
        destinationUrl: "https://brand.example/",
        commissionType: "percentage",
        commissionRateBps: 1000,
        commissionDuration: "one_time",
        currency: "USD",
      });
    });
    return enrollmentIn(db, { brandId, campaignId, affiliateId }, status);
  });
  if (opts.paid) await recordCommission(brandId, { id: enrollmentId, campaignId, affiliateId });
  return enrollmentId;
}

/** A creator who is the brand's payee (accepted the brand's offer, and earned a commission), signed in. */
export async function payeeOf(brandId: string) {
  const creator = await signedInCreator();
  await enrollCreator(brandId, creator.affiliateId);
  return creator;
}

/** Reads as Rekomi staff: what the database holds that no API shows (object keys, audit rows). */
function asStaff<T>(fn: Parameters<typeof withPrincipal<T>>[2]): Promise<T> {
  return usingDb((db) => withPrincipal(db, { kind: "platform_admin", userId: newId("user") }, fn));
}

export async function storedForm(id: string) {
  const [row] = await asStaff((tx) => tx.select().from(schema.taxForms).where(eq(schema.taxForms.id, id)));
  if (!row) throw new Error(`no tax form ${id}`);
  return row;
}

export function auditOf(targetId: string) {
  return asStaff((tx) => tx.select().from(schema.auditEvents).where(eq(schema.auditEvents.targetId, targetId)).orderBy(schema.auditEvents.id));
}

export async function downloadUrl(browser: Browser, path: string): Promise<TaxFormDownload> {
  const res = await browser.post(path);
  if (res.status !== 200) throw new Error(`download-url failed: ${res.status} ${await res.text()}`);
  return res.json<TaxFormDownload>();
}

/** The signed URL's path and query, to fetch from the worker under test (no cookies). */
export function relative(url: string): string {
  const u = new URL(url);
  if (u.origin !== ORIGIN) throw new Error(`unexpected origin ${u.origin}`);
  return u.pathname + u.search;
}
