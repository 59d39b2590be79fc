import { describe, expect, it } from "vitest";
import { insertMany, RowShapeError } from "../../../src/infra/db/insert-many";
import { isPermanentFailure } from "../../../src/infra/jobs/retry";
import { conversions } from "../../../src/infra/db/schema";
import type { Tx } from "../../../src/infra/db/client";

/**
 * insertMany refuses rows it cannot send as the database would receive them, before any
 * statement, with an error the queue consumers treat as permanent (no retry of the batch).
 */
const noDb = { execute: () => Promise.reject(new Error("no statement may be sent")) } as unknown as Tx;

describe("insertMany's row checks", () => {
  const row = { id: "cnv_1", brandId: "brd_1", amount: 100 } as unknown as typeof conversions.$inferInsert;

  it.each([
    ["a row leaving out a column the first sets", [row, { ...row, amount: undefined }]],
    ["a row setting a column the first leaves out", [{ ...row, amount: undefined }, row]],
    ["a number JSON would turn into null", [{ ...row, amount: Number.NaN }]],
    ["an infinite number", [{ ...row, amount: Number.POSITIVE_INFINITY }]],
  ])("%s", async (_, rows) => {
    const err = await insertMany(noDb, conversions, rows as (typeof conversions.$inferInsert)[]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RowShapeError);
    expect(isPermanentFailure(err)).toBe(true);
  });
});
