import type { Tx } from "../infra/db/client";
import { setPrincipal } from "../infra/db/principal";
import { emitEvent } from "../webhooks/emit";
import { payingBrandIds, type TaxFormRow } from "./queries";
import { serializeTaxForm } from "./schemas";

export interface BrandDeliveries {
  brandId: string;
  deliveryIds: string[];
}

/**
 * `tax_form.submitted` to every brand that pays the creator, written to each brand's
 * outbox in the upload's own transaction (the event exists if and only if the form does).
 * The outbox is brand data, so the transaction's principal moves from the creator to each
 * brand in turn: call this last. Returns what to enqueue after commit.
 */
export async function emitTaxFormSubmitted(tx: Tx, form: TaxFormRow): Promise<BrandDeliveries[]> {
  const brandIds = await payingBrandIds(tx, form.affiliateId);
  const out: BrandDeliveries[] = [];
  for (const brandId of brandIds) {
    await setPrincipal(tx, { kind: "brand", brandId });
    out.push({ brandId, deliveryIds: await emitEvent(tx, brandId, "tax_form.submitted", form.id, serializeTaxForm(form)) });
  }
  return out;
}
