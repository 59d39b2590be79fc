import { applyTransferReversal } from "../execute/reverse";
import type { StripeEventHandler } from "./types";

/** `transfer.reversed`, and `transfer.updated` showing a reversed amount: the payout is taken back (applyTransferReversal). */
export const onTransferReversed: StripeEventHandler = async (event, { config, db }) => {
  const transfer = event.object;
  if (typeof transfer.id !== "string" || !(Number(transfer.amount_reversed) > 0)) return;
  const metadata = (transfer.metadata ?? {}) as Record<string, unknown>;
  await applyTransferReversal(config, db, {
    id: transfer.id,
    transferGroup: typeof transfer.transfer_group === "string" ? transfer.transfer_group : null,
    payoutId: typeof metadata.rekomi_payout === "string" ? metadata.rekomi_payout : null,
  });
};
