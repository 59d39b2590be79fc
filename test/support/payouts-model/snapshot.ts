/**
 * What the money proof compares after a sequence, in the reference model's terms: every
 * commission (keyed `c:<event id>` by the event that made it), every creator's balances, every
 * approved run with its items. The model, the in-process system and the end-to-end driver
 * each produce one.
 */

export type Status = "pending" | "approved" | "paid" | "reversed";
export type Kind = "earning" | "reversal" | "clawback" | "reinstatement";

export interface ModelCommission {
  key: string;
  creator: number;
  kind: Kind;
  amount: number;
  status: Status;
}

export interface ModelPayout {
  creator: number;
  amount: number;
  status: "skipped" | "pending" | "paid" | "failed" | "reversed";
  skipReason: string | null;
}

export interface ModelRun {
  status: "completed" | "failed";
  attempt: number;
  transfers: number;
  charge: number;
  fee: number;
  refunded: number;
  payouts: ModelPayout[];
}

export interface Balance {
  pending: number;
  approved: number;
  paid: number;
  /** Clawbacks not netted by a payout yet (≤ 0). */
  clawback: number;
}

export interface Snapshot {
  commissions: Record<string, { creator: number; kind: Kind; amount: number; status: Status }>;
  balances: Balance[];
  runs: ModelRun[];
}
