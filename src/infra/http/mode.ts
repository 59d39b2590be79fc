import { z } from "@hono/zod-openapi";

/**
 * `mode=live|test` on every list, export, balance and analytics query: live data by
 * default, test-mode data (a gateway's test mode or sandbox) only when asked, never both,
 * so no total ever adds test money to live money.
 */
export const ModeQuery = z.object({
  mode: z
    .enum(["live", "test"])
    .optional()
    .openapi({ description: "`live` (the default): real payments only. `test`: only what came from a payment gateway's test mode or sandbox." }),
});
export type ModeQuery = z.infer<typeof ModeQuery>;

/** The `livemode` value the rows of that mode carry. */
export const livemodeOf = (q: ModeQuery): boolean => q.mode !== "test";
