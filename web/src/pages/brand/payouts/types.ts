import type { Payout, PayoutPolicy, PayoutRun } from "../../../api-types";

/** The payouts API's objects (src/payouts/schemas.ts) and the names the page's parts use for their fields. */
export type { Payout, PayoutPolicy, PayoutRun };
export type SavedPaymentMethod = NonNullable<PayoutPolicy["payment_method"]>;
export type PayoutSchedule = PayoutPolicy["schedule"];
export type PayoutRunStatus = PayoutRun["status"];
export type PayoutStatus = Payout["status"];
export type SkipReason = NonNullable<Payout["skip_reason"]>;
