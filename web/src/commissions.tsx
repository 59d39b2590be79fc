import type { CommissionEntry } from "./api";
import { formatMoney } from "./money";

/** Pieces the brand's Commissions page and the creator's Earnings page share. */

const STATUS_CLASS: Record<CommissionEntry["status"], string> = { pending: "paused", approved: "active", paid: "active", reversed: "archived", voided: "archived" };
const KIND_LABEL: Record<CommissionEntry["kind"], string> = { earning: "earning", reversal: "reversal (refund)", clawback: "clawback (refund after payout)", reinstatement: "reinstatement (dispute won)" };

export function CommissionStatus({ c }: { c: Pick<CommissionEntry, "status" | "held_for_review"> }) {
  return (
    <>
      <span class={`badge ${STATUS_CLASS[c.status]}`}>{c.status}</span>
      {c.held_for_review && c.status === "pending" && (
        <>
          {" "}
          <span class="badge review">in review</span>
        </>
      )}
    </>
  );
}

export function kindLabel(kind: CommissionEntry["kind"]): string {
  return KIND_LABEL[kind];
}

/** Signed minor units as money: reversals and clawbacks show with their minus sign. */
export function Amount({ c }: { c: Pick<CommissionEntry, "amount" | "currency"> }) {
  return <span class={c.amount < 0 ? "negative" : undefined}>{formatMoney(c.amount, c.currency)}</span>;
}

/** Why this amount: the lines the server stored with the commission, in order. */
export function Explanation({ c }: { c: Pick<CommissionEntry, "explanation"> }) {
  return (
    <ol class="explanation">
      {c.explanation.lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ol>
  );
}
