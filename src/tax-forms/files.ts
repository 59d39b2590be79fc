import { randomBase62 } from "../infra/crypto";

/** Uploads are single PDFs of at most this size (a scanned, signed form is well under it). */
export const MAX_TAX_FORM_BYTES = 10 * 1024 * 1024;
export const TAX_FORM_CONTENT_TYPE = "application/pdf";

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** True when the bytes start like a PDF: the declared content type alone proves nothing. */
export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length > PDF_MAGIC.length && PDF_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * A fresh, unguessable R2 key. Never derived from the uploaded file's name (which is the
 * creator's input) and never shown to anyone: files leave only through signed URLs.
 */
export function newTaxFormObjectKey(affiliateId: string): string {
  return `tax-forms/${affiliateId}/${randomBase62(32)}.pdf`;
}

/** The name a downloaded form is saved under: its type and id, never anything the creator typed. */
export function downloadFileName(formType: string, id: string): string {
  return `rekomi-${formType}-${id}.pdf`;
}
