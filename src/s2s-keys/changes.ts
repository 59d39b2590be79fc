import type { Tx } from "../infra/db/client";
import { DomainError } from "../infra/domain-error";
import { newId } from "../infra/ids";
import { findS2sKey, insertS2sKey, updateS2sKey } from "./queries";
import { newSealedSecret } from "./secrets";

/**
 * The S2S key lifecycle behind the operations (./operations.ts). Creating and rotating
 * return the new secret beside the row: callers show it once and never store it. Errors
 * name the path parameter the id came from (`keyId`).
 */

export async function createS2sKey(tx: Tx, encryptionKey: string, brandId: string, input: { name: string; createdByUserId?: string }) {
  const id = newId("s2sKey");
  const sealed = await newSealedSecret(encryptionKey, id, brandId);
  const row = await insertS2sKey(tx, {
    id,
    brandId,
    name: input.name,
    secretCiphertext: sealed.secretCiphertext,
    secretHint: sealed.secretHint,
    createdByUserId: input.createdByUserId ?? null,
  });
  return { row, secret: sealed.secret };
}

/** A new secret under the same key id; the current one keeps verifying for the grace period. */
export async function rotateS2sKey(tx: Tx, encryptionKey: string, brandId: string, id: string, gracePeriodSeconds: number) {
  const current = await findS2sKey(tx, id);
  if (!current) throw new DomainError("not_found", `No S2S key ${id}.`, { param: "keyId" });
  if (current.revokedAt) throw new DomainError("conflict", `S2S key ${id} is revoked; create a new key instead.`, { param: "keyId" });
  const sealed = await newSealedSecret(encryptionKey, id, brandId);
  const now = new Date();
  const grace = gracePeriodSeconds > 0;
  const row = await updateS2sKey(tx, id, {
    secretCiphertext: sealed.secretCiphertext,
    secretHint: sealed.secretHint,
    previousSecretCiphertext: grace ? current.secretCiphertext : null,
    previousSecretExpiresAt: grace ? new Date(now.getTime() + gracePeriodSeconds * 1000) : null,
    rotatedAt: now,
  });
  return { row, secret: sealed.secret, now };
}

/** Revokes every secret of the key; revoking twice is harmless (`changed` says whether it did anything). */
export async function revokeS2sKey(tx: Tx, id: string) {
  const current = await findS2sKey(tx, id);
  if (!current) throw new DomainError("not_found", `No S2S key ${id}.`, { param: "keyId" });
  if (current.revokedAt) return { row: current, changed: false };
  return { row: await updateS2sKey(tx, id, { revokedAt: new Date(), previousSecretCiphertext: null, previousSecretExpiresAt: null }), changed: true };
}
